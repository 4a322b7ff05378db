package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.dicomParts;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.testsupport.DevStackResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ingest service's own audit trail (IHE ATNA records in {@code ingest.audit_event} and on Kafka topic
 * {@code radflow.audit}): every instance stored by STOW-RS or C-STORE (who, from where, patient, study,
 * SOP instance, outcome), every rejected instance with its reason, every rejected association and every
 * STOW-RS authentication failure.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class IngestAuditTest {
    @Inject
    AgroalDataSource ds;

    @Test
    void everyInstanceStoredByStowIsAuditedWithTheTokensIdentity() throws Exception {
        List<Path> files = files(IngestTestSupport.study(811, 3).dir());
        var rsp = IngestTestSupport.stow("/dicomweb/studies", dicomParts(files));
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);

        Attributes first = read(files.get(0));
        String study = first.getString(Tag.StudyInstanceUID);
        // one record for the request's instances of the study (ATNA: a study and its instances)
        List<Map<String, Object>> rows = AuditRows.awaitRows(ds, 1, "study_instance_uid = ?", study);
        assertThat(rows).hasSize(1).allSatisfy(row -> assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("action_code", "C")
                .containsEntry("outcome", 0)
                .containsEntry("source_id", "ingest-service")
                .containsEntry("user_id", IngestTestSupport.PACS_USER)
                .containsEntry("client_id", "pacs-gateway")
                .containsEntry("user_roles", "pacs")
                .containsEntry("network_access_point", "127.0.0.1")
                .containsEntry("patient_id", first.getString(Tag.PatientID))
                .containsEntry("http_method", "POST")
                .containsEntry("request_path", "/dicomweb/studies")
                .containsEntry("http_status", 200));
        String detail = (String) rows.get(0).get("detail");
        assertThat(detail).startsWith("STOW-RS stored sop=").contains("(n=" + files.size() + ")");
        for (Path f : files) {
            assertThat(detail).contains(read(f).getString(Tag.SOPInstanceUID));
        }

        String sop = first.getString(Tag.SOPInstanceUID);
        JsonPath json = JsonPath.from(AuditRows.kafkaRecord("sop=" + sop));
        assertThat(json.getString("eventId.code")).isEqualTo("110104");
        assertThat(json.getInt("eventOutcomeIndicator")).isZero();
        assertThat(json.getString("auditSourceId")).isEqualTo("ingest-service");
        assertThat(json.getString("activeParticipant.userId")).isEqualTo(IngestTestSupport.PACS_USER);
        assertThat(json.getString("activeParticipant.clientId")).isEqualTo("pacs-gateway");
        assertThat(json.getString("activeParticipant.networkAccessPointId")).isEqualTo("127.0.0.1");
        assertThat(json.getString("participantObject.patientId")).isEqualTo(first.getString(Tag.PatientID));
        assertThat(json.getString("participantObject.studyInstanceUid")).isEqualTo(study);
    }

    @Test
    void everyInstanceStoredByCStoreIsAuditedWithTheCallingAe() throws Exception {
        List<Path> files = files(IngestTestSupport.study(812, 2).dir());
        assertThat(IngestTestSupport.cstore("RADFLOWTEST", files))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());

        Attributes first = read(files.get(0));
        // one record for the association's instances of the study, written when the association closed
        List<Map<String, Object>> rows =
                AuditRows.awaitRows(ds, 1, "study_instance_uid = ?", first.getString(Tag.StudyInstanceUID));
        assertThat(rows).hasSize(1).allSatisfy(row -> assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 0)
                .containsEntry("user_id", "RADFLOWTEST")
                .containsEntry("network_access_point", "127.0.0.1")
                .containsEntry("patient_id", first.getString(Tag.PatientID))
                .containsEntry("http_method", null));
        String detail = (String) rows.get(0).get("detail");
        assertThat(detail).startsWith("C-STORE stored sop=").contains("(n=" + files.size() + ")");
        for (Path f : files) {
            assertThat(detail).contains(read(f).getString(Tag.SOPInstanceUID));
        }
        AuditRows.kafkaRecord("C-STORE stored sop=" + first.getString(Tag.SOPInstanceUID));
    }

    @Test
    void rejectedInstancesAreAuditedWithTheirReason() throws Exception {
        List<Path> files = files(IngestTestSupport.study(813, 1).dir());
        String otherStudy = UID.createUID();
        var rsp = IngestTestSupport.stow("/dicomweb/studies/" + otherStudy, dicomParts(files.subList(0, 1)));
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(409);

        String sop = read(files.get(0)).getString(Tag.SOPInstanceUID);
        Map<String, Object> row = AuditRows.awaitOne(ds, "detail LIKE ?", "STOW-RS invalid sop=" + sop + "%");
        assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 4)
                .containsEntry("http_status", 409)
                .containsEntry("user_id", IngestTestSupport.PACS_USER)
                .containsEntry("request_path", "/dicomweb/studies/" + otherStudy);
        assertThat((String) row.get("detail")).contains(otherStudy);
        JsonPath json = JsonPath.from(AuditRows.kafkaRecord(row.get("id").toString()));
        assertThat(json.getString("eventId.code")).isEqualTo("110104");
        assertThat(json.getInt("eventOutcomeIndicator")).isEqualTo(4);
        assertThat(json.getInt("http.status")).isEqualTo(409);
        assertThat(json.getString("detail"))
                .startsWith("STOW-RS invalid sop=" + sop)
                .contains(otherStudy);
    }

    @Test
    void anInvalidInstanceSentByCStoreIsAuditedWithItsFailure() throws Exception {
        Path original = files(IngestTestSupport.study(816, 1).dir()).get(0);
        String sop = read(original).getString(Tag.SOPInstanceUID);
        Path invalid = IngestTestSupport.withoutSopInstanceUidInTheDataSet(
                original, Path.of("target", "test-data", "no-sop-" + sop + ".dcm"));
        assertThat(IngestTestSupport.cstore("RADFLOWTEST", List.of(invalid)))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(0xC000));

        Map<String, Object> row = AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE invalid sop=" + sop + "%");
        assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 4)
                .containsEntry("user_id", "RADFLOWTEST")
                .containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).contains("status=C000", "missing SOPInstanceUID (0008,0018)");
        JsonPath json = JsonPath.from(AuditRows.kafkaRecord(row.get("id").toString()));
        assertThat(json.getInt("eventOutcomeIndicator")).isEqualTo(4);
        assertThat(json.getString("activeParticipant.userId")).isEqualTo("RADFLOWTEST");
        assertThat(json.getString("detail")).isEqualTo(row.get("detail"));
    }

    @Test
    void aRefusedStowRequestIsAuditedWithItsReason() throws Exception {
        String path = "/dicomweb/studies/" + UID.createUID();
        var rsp = IngestTestSupport.post(path, "application/json", "{}".getBytes());
        assertThat(rsp.statusCode()).isEqualTo(415);

        Map<String, Object> row = AuditRows.awaitOne(ds, "request_path = ?", path);
        assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 4)
                .containsEntry("http_status", 415)
                .containsEntry("user_id", IngestTestSupport.PACS_USER)
                .containsEntry("client_id", "pacs-gateway");
        assertThat((String) row.get("detail")).startsWith("STOW-RS request refused: expected multipart/related");
    }

    @Test
    void stowWithoutTokenIsAuditedAsAuthenticationFailure() throws Exception {
        String path = "/dicomweb/studies/" + UID.createUID();
        var rsp = IngestTestSupport.post(
                path, "multipart/related; type=\"application/dicom\"; boundary=x", new byte[0], null);
        assertThat(rsp.statusCode()).isEqualTo(401);

        Map<String, Object> row = AuditRows.awaitOne(ds, "request_path = ?", path);
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("http_status", 401)
                .containsEntry("network_access_point", "127.0.0.1");
        AuditRows.kafkaRecord(path);
    }

    @Test
    void anotherCalledAeIsRejectedCountedAndAudited() throws Exception {
        List<Path> files = files(IngestTestSupport.study(815, 1).dir());
        StoreSCU scu = new StoreSCU(
                new ApplicationEntity("RADFLOWTEST"),
                new Connection("127.0.0.1", IngestTestSupport.DICOM_PORT),
                "NOTRADFLOW");
        assertThat(scu.sendOnOneAssociation(StoreSCU.scan(files)))
                .singleElement()
                .satisfies(r -> assertThat(r.error()).contains("called-AE-title-not-recognized"));

        Map<String, Object> row = AuditRows.awaitOne(ds, "detail LIKE ?", "%RADFLOWTEST to NOTRADFLOW rejected%");
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("user_id", "RADFLOWTEST");
        assertThat(JsonPath.from(AuditRows.kafkaRecord(row.get("id").toString()))
                        .getString("detail"))
                .contains("RADFLOWTEST to NOTRADFLOW rejected");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("radflow_ingest_associations_rejected_total\\{reason=\"called-ae\"[^}]*} [1-9]");
    }

    @Test
    void unknownCallingAeIsRejectedLoggedCountedAndAudited() throws Exception {
        String intruder = "INTRUDER" + (System.nanoTime() % 10000);
        List<Path> files = files(IngestTestSupport.study(814, 1).dir());
        StoreSCU scu = new StoreSCU(
                new ApplicationEntity(intruder), new Connection("127.0.0.1", IngestTestSupport.DICOM_PORT), "RADFLOW");
        assertThat(scu.sendOnOneAssociation(StoreSCU.scan(files)))
                .singleElement()
                .satisfies(r -> assertThat(r.error()).contains("calling-AE-title-not-recognized"));

        Map<String, Object> row = AuditRows.awaitOne(ds, "user_id = ?", intruder);
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).contains("rejected: calling AE title not on the allow-list");
        JsonPath json = JsonPath.from(AuditRows.kafkaRecord(row.get("id").toString()));
        assertThat(json.getString("eventId.code")).isEqualTo("110114");
        assertThat(json.getInt("eventOutcomeIndicator")).isEqualTo(4);
        assertThat(json.getString("activeParticipant.userId")).isEqualTo(intruder);
        assertThat(json.getString("activeParticipant.networkAccessPointId")).isEqualTo("127.0.0.1");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("radflow_ingest_associations_rejected_total\\{reason=\"calling-ae\"[^}]*} [1-9]");
    }
}
