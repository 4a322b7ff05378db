package io.radflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of a service, against the real PostgreSQL and Kafka of {@link DevStackResource}: an
 * authenticated read, a request with a tampered token, one with no token and one with a token lacking the
 * role each leave an IHE ATNA-shaped row in the service's {@code audit_event} table and a JSON record on
 * Kafka topic {@code radflow.audit}.
 */
public abstract class AuditContract {
    @Inject
    AgroalDataSource dataSource;

    /** A GET endpoint that role {@code radiologist} may read and role {@code pacs} may not. */
    protected abstract String readPath();

    /** The service's audit source id (its application name). */
    protected abstract String source();

    @Test
    void authenticatedReadIsAudited() {
        String user = "audit-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.of(user, "radiologist"))
                .get(readPath())
                .then()
                .statusCode(200);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row)
                .containsEntry("event_id", "110112")
                .containsEntry("action_code", "E")
                .containsEntry("outcome", 0)
                .containsEntry("source_id", source())
                .containsEntry("client_id", "radflow-viewer")
                .containsEntry("user_roles", "radiologist")
                .containsEntry("network_access_point", "127.0.0.1")
                .containsEntry("http_method", "GET")
                .containsEntry("request_path", readPath())
                .containsEntry("http_status", 200);

        JsonPath json = JsonPath.from(awaitKafkaRecord(user));
        assertThat(json.getString("id")).isEqualTo(row.get("id").toString());
        assertThat(json.getString("eventId.code")).isEqualTo("110112");
        assertThat(json.getString("eventId.codingScheme")).isEqualTo("DCM");
        assertThat(json.getInt("eventOutcomeIndicator")).isZero();
        assertThat(json.getString("auditSourceId")).isEqualTo(source());
        assertThat(json.getString("activeParticipant.userId")).isEqualTo(user);
        assertThat(json.getList("activeParticipant.roles", String.class)).containsExactly("radiologist");
        assertThat(json.getString("activeParticipant.networkAccessPointId")).isEqualTo("127.0.0.1");
        assertThat(json.getInt("http.status")).isEqualTo(200);
    }

    @Test
    void tamperedTokenIsAuditedAsAuthenticationFailure() {
        String probe = "/audit-probe-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.tampered("radiologist"))
                .get(probe)
                .then()
                .statusCode(401);

        Map<String, Object> row = awaitRow("request_path = ?", probe);
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("http_status", 401)
                .containsEntry("user_id", null)
                .containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).startsWith("authentication failed");
        awaitKafkaRecord(probe);
    }

    @Test
    void missingTokenIsAuditedAsAuthenticationFailure() {
        Instant before = Instant.now().minusMillis(1);
        given().get(readPath()).then().statusCode(401);

        Map<String, Object> row =
                awaitRow("request_path = ? AND detail = 'no credentials' AND event_time >= ?", readPath(), before);
        assertThat(row).containsEntry("event_id", "110114").containsEntry("outcome", 4);
    }

    @Test
    void missingRoleIsAuditedAsAccessDenied() {
        String user = "audit-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.of(user, "pacs"))
                .get(readPath())
                .then()
                .statusCode(403);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row)
                .containsEntry("outcome", 4)
                .containsEntry("http_status", 403)
                .containsEntry("user_roles", "pacs");
        assertThat((String) row.get("detail")).startsWith("access denied");
    }

    /** The first {@code audit_event} row matching {@code where} (JDBC parameters {@code args}), awaited. */
    protected Map<String, Object> awaitRow(String where, Object... args) {
        return AuditTable.awaitRow(dataSource, where, args);
    }

    /** The first record on {@code radflow.audit} whose JSON contains {@code text}. */
    protected static String awaitKafkaRecord(String text) {
        return AuditTopic.awaitRecord(text);
    }
}
