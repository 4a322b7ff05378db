package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.oneFile;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.testing.Peers;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DIMSE security with dcmtk {@code storescu} as the hospital's sender ({@link DimseSecurityProfile}: TLS
 * port with required client certificates, required JWT user identity): an unknown calling AE, and a known
 * one from a host not listed for it, are rejected;
 * an association without a token, with an expired or a tampered token is rejected (A-ASSOCIATE-RJ 1/1/1);
 * a valid pacs token stores (with a positive user identity response), plain and over TLS with the test
 * certificates, and the file is indexed; TLS without a client certificate fails. Each outcome leaves its
 * audit record.
 */
@QuarkusTest
@TestProfile(DimseSecurityProfile.class)
@QuarkusTestResource(DevStackResource.class)
class DimseSecurityInteropTest {
    static final int TLS_PORT = Integer.getInteger("radflow.test.dicom-tls-port", 21762);

    @Inject
    AgroalDataSource ds;

    @Test
    void unknownCallingAeIsRejected() throws Exception {
        Path file = oneFile(821);
        Peers.Result r = Storescu.as("UNKNOWNAE").jwt(pacsToken()).send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertNotIndexed(file);

        Map<String, Object> row = AuditRows.awaitOne(ds, "user_id = 'UNKNOWNAE' AND event_id = '110114'");
        assertThat(row).containsEntry("outcome", 4).containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).contains("calling AE title not on the allow-list");
    }

    @Test
    void aCallingAeFromAnotherHostThanItsOwnIsRejected() throws Exception {
        Path file = oneFile(826);
        Peers.Result r = Storescu.as("HOSTBOUND").jwt(pacsToken()).send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertNotIndexed(file);
        Map<String, Object> row = AuditRows.awaitOne(ds, "user_id = 'HOSTBOUND' AND event_id = '110114'");
        assertThat((String) row.get("detail")).contains("address not allowed for this calling AE title");
    }

    @Test
    void validPacsTokenStoresAndIsAudited() throws Exception {
        Path file = oneFile(822);
        Peers.Result r = Storescu.as("STORESCU").jwt(pacsToken()).send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertIndexed(file);

        String sop = read(file).getString(Tag.SOPInstanceUID);
        Map<String, Object> row = AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE stored sop=" + sop + "%");
        assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 0)
                .containsEntry("user_id", IngestTestSupport.PACS_USER)
                .containsEntry("client_id", "pacs-gateway")
                .containsEntry("user_roles", "pacs")
                .containsEntry("patient_id", read(file).getString(Tag.PatientID));
        assertThat((String) row.get("detail")).contains("callingAE=STORESCU");
    }

    @Test
    void missingExpiredOrTamperedTokenIsRejected() throws Exception {
        Path file = oneFile(823);
        Instant before = Instant.now().minusMillis(1);
        for (Storescu s : List.of(
                Storescu.as("STORESCU"),
                Storescu.as("STORESCU").jwt(TestTokens.expired("pacs")),
                Storescu.as("STORESCU").jwt(TestTokens.tampered("pacs")),
                Storescu.as("STORESCU").jwt(TestTokens.forRole("radiologist")))) {
            Peers.Result r = s.send(IngestTestSupport.DICOM_PORT, List.of(file));
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).containsIgnoringCase("Association Rejected");
        }
        assertNotIndexed(file);

        List<Map<String, Object>> rows = AuditRows.awaitRows(
                ds, 4, "event_id = '110114' AND outcome = 4 AND event_time >= ?", Timestamp.from(before));
        assertThat(rows)
                .extracting(row -> (String) row.get("detail"))
                .anySatisfy(d -> assertThat(d).contains("no user identity"))
                .anySatisfy(d -> assertThat(d).contains("invalid token"))
                .anySatisfy(d -> assertThat(d).contains("holds none of"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("radflow_ingest_associations_rejected_total\\{reason=\"user-identity\"[^}]*} [1-9]");
    }

    @Test
    void tlsWithTheTestCertificatesStores() throws Exception {
        TestCertificates c = DimseSecurityProfile.certificates();
        Path file = oneFile(824);
        Peers.Result r = Storescu.as("STORESCU")
                .tls(c.clientKey(), c.clientCert(), c.ca())
                .jwt(pacsToken())
                .send(TLS_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertIndexed(file);
        AuditRows.awaitOne(
                ds, "detail LIKE ?", "C-STORE stored sop=" + read(file).getString(Tag.SOPInstanceUID) + "%");
    }

    @Test
    void tlsWithoutClientCertificateIsRejected() throws Exception {
        TestCertificates c = DimseSecurityProfile.certificates();
        Path file = oneFile(825);
        Peers.Result r =
                Storescu.as("STORESCU").anonymousTls(c.ca()).jwt(pacsToken()).send(TLS_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertNotIndexed(file);
        Map<String, Object> row = AuditRows.awaitOne(ds, "detail LIKE 'DICOM TLS handshake failed%'");
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("network_access_point", "127.0.0.1");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("radflow_ingest_associations_rejected_total\\{reason=\"tls\"[^}]*} [1-9]");
    }

    private static String pacsToken() {
        return IngestTestSupport.pacsToken();
    }

    private void assertIndexed(Path file) throws Exception {
        String sop = read(file).getString(Tag.SOPInstanceUID);
        assertThat(count(ds, "SELECT count(*) FROM ingest.v_instance WHERE sop_iuid = '" + sop + "'"))
                .as("indexed " + sop)
                .isEqualTo(1);
        IngestTestSupport.assertArchivedEqual(ds, file);
    }

    private void assertNotIndexed(Path file) throws Exception {
        String sop = read(file).getString(Tag.SOPInstanceUID);
        assertThat(count(ds, "SELECT count(*) FROM ingest.v_instance WHERE sop_iuid = '" + sop + "'"))
                .isZero();
    }
}
