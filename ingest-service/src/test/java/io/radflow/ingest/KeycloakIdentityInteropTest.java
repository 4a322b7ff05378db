package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.dicomParts;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.indexed;
import static io.radflow.ingest.IngestTestSupport.oneFile;
import static io.radflow.ingest.IngestTestSupport.sop;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.testing.Peers;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.KeycloakTestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Senders authenticated by the real Keycloak (realm file imported, {@link KeycloakTestProfile}): a
 * {@code pacs-gateway} client-credentials token sent as DIMSE user identity (JWT, type 5) by dcmtk
 * {@code storescu} stores the instance, audited with that client; the token of a user without role
 * {@code pacs} is rejected at association; a STOW-RS with the same pacs-gateway token stores (200).
 */
@QuarkusTest
@TestProfile(KeycloakTestProfile.class)
@QuarkusTestResource(DevStackResource.class)
class KeycloakIdentityInteropTest {
    private static final String PACS_USER = "service-account-pacs-gateway";

    @Inject
    AgroalDataSource ds;

    @Test
    void aPacsGatewayTokenFromKeycloakStoresByCStore() throws Exception {
        Path file = oneFile(861);
        Peers.Result r =
                Storescu.as("STORESCU").jwt(pacsGatewayToken()).send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(indexed(ds, file)).isEqualTo(1);

        Map<String, Object> stored = AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE stored sop=" + sop(file) + "%");
        assertThat(stored)
                .containsEntry("event_id", "110104")
                .containsEntry("outcome", 0)
                .containsEntry("user_id", PACS_USER)
                .containsEntry("client_id", "pacs-gateway");
        assertThat((String) stored.get("user_roles")).contains("pacs");
        assertThat((String) stored.get("detail")).contains("callingAE=STORESCU");
        assertThat(AuditRows.awaitOne(
                        ds,
                        "event_id = '110114' AND outcome = 0 AND client_id = 'pacs-gateway' AND detail LIKE ?",
                        "DIMSE user identity (JWT) accepted%"))
                .containsEntry("user_id", PACS_USER)
                .containsEntry("event_type_code", "110122");
    }

    @Test
    void aUserTokenWithoutRolePacsIsRejected() throws Exception {
        Path file = oneFile(862);
        String radiologist = KeycloakResource.passwordToken("radiologist", "radiologist");
        Peers.Result r = Storescu.as("STORESCU").jwt(radiologist).send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).containsIgnoringCase("Association Rejected");
        assertThat(indexed(ds, file)).isZero();

        Map<String, Object> row = AuditRows.awaitOne(ds, "event_id = '110114' AND user_id = 'radiologist'");
        assertThat(row).containsEntry("outcome", 4).containsEntry("event_type_code", "110122");
        assertThat((String) row.get("detail")).contains("holds none of");
    }

    @Test
    void stowWithAPacsGatewayTokenFromKeycloakStores() throws Exception {
        List<Path> files = files(IngestTestSupport.study(863, 1).dir());
        var rsp = IngestTestSupport.stow("/dicomweb/studies", dicomParts(files), pacsGatewayToken());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);
        assertThat(indexed(ds, files.get(0))).isEqualTo(1);
        assertThat(AuditRows.awaitOne(ds, "detail LIKE ?", "STOW-RS stored sop=" + sop(files.get(0)) + "%"))
                .containsEntry("user_id", PACS_USER)
                .containsEntry("client_id", "pacs-gateway")
                .containsEntry("http_status", 200);
    }

    private static String pacsGatewayToken() throws Exception {
        return KeycloakResource.clientToken(
                "pacs-gateway", KeycloakResource.server().secret("pacs-gateway.secret"));
    }
}
