package io.radflow.labeling.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.IngestStowStub;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When the identity provider refuses the labeling service its client-credentials token (here: a client
 * the stand-in token endpoint does not know), STOW-RS is not forwarded at all (ingest would refuse an
 * unauthenticated store anyway): the caller gets 503, nothing reaches ingest, and the failure is audited.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
@TestProfile(StowWithoutServiceTokenTest.UnknownClient.class)
class StowWithoutServiceTokenTest {
    /** The service asks for tokens as a client the token endpoint rejects. */
    public static class UnknownClient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc-client.client-id", "not-a-client");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noServiceTokenMeans503AndAnAuditRecord() throws Exception {
        String user = "audit-" + UUID.randomUUID();
        String study = "1.2.3.503";
        given().auth()
                .oauth2(TestTokens.of(user, "admin"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=b")
                .body("--b--".getBytes())
                .post("/dicomweb/studies/" + study)
                .then()
                .statusCode(503);
        IngestStowStub.Received last = IngestStowStub.get().last();
        assertThat(last == null ? null : last.path()).isNotEqualTo("/dicomweb/studies/" + study);

        String detail = await().atMost(Duration.ofSeconds(30)).until(() -> detail(user), d -> d != null);
        assertThat(detail).startsWith("STOW-RS not forwarded: no service token");
    }

    private String detail(String user) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT detail FROM audit_event WHERE user_id = ?"
                        + " AND event_id = '110104' AND http_status = 503 AND outcome = 8")) {
            st.setString(1, user);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
