package io.radflow.labeling.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditEventTypeCode;
import io.radflow.service.audit.AuditOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keycloak user events (as Keycloak 26 answers them) → ATNA User Authentication records. */
class KeycloakLoginEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWrongPasswordIsAFailedLoginOfThatUser() throws Exception {
        AuditEvent e = convert(
                """
                {"id":"3e071a08-c655-4c58-824a-116a616b16dc","time":1796393167451,"type":"LOGIN_ERROR",
                 "realmId":"r1","clientId":"radflow-viewer","userId":"f740eb31","ipAddress":"127.0.0.1",
                 "error":"invalid_user_credentials","details":{"auth_method":"openid-connect",
                 "grant_type":"password","client_auth_method":"client-secret","username":"radiologist"}}""");
        assertThat(e.type()).isEqualTo(AuditEventType.USER_AUTHENTICATION);
        assertThat(e.typeCode()).isEqualTo(AuditEventTypeCode.LOGIN);
        assertThat(e.outcome()).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(e.time()).isEqualTo(Instant.ofEpochMilli(1796393167451L));
        assertThat(e.userId()).isEqualTo("radiologist");
        assertThat(e.clientId()).isEqualTo("radflow-viewer");
        assertThat(e.networkAccessPoint()).isEqualTo("127.0.0.1");
        assertThat(e.detail())
                .isEqualTo("Keycloak LOGIN_ERROR invalid_user_credentials (event 3e071a08-c655-4c58-824a-116a616b16dc,"
                        + " user id f740eb31, grant_type password, auth_method openid-connect)");
    }

    @Test
    void successLogoutAndClientErrorsAreMappedToo() throws Exception {
        AuditEvent login = convert(
                """
                {"id":"a","time":1,"type":"LOGIN","realmId":"r1","clientId":"radflow-viewer","userId":"u1",
                 "sessionId":"secret-session","ipAddress":"10.0.0.7","details":{"username":"annotator",
                 "token_id":"t","redirect_uri":"http://127.0.0.1:8080/viewer/callback"}}""");
        assertThat(login.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(login.typeCode()).isEqualTo(AuditEventTypeCode.LOGIN);
        assertThat(login.userId()).isEqualTo("annotator");
        assertThat(login.detail())
                .contains("redirect_uri http://127.0.0.1:8080/viewer/callback")
                .doesNotContain("secret-session", "token_id");

        AuditEvent logout =
                convert("{\"id\":\"b\",\"time\":2,\"type\":\"LOGOUT\",\"realmId\":\"r1\",\"userId\":\"u1\"}");
        assertThat(logout.typeCode()).isEqualTo(AuditEventTypeCode.LOGOUT);
        assertThat(logout.userId()).as("no user name: Keycloak's user id").isEqualTo("u1");

        AuditEvent client = convert(
                """
                {"id":"c","time":3,"type":"CLIENT_LOGIN_ERROR","realmId":"r1","clientId":"pacs-gateway",
                 "ipAddress":"10.0.0.8","error":"invalid_client_credentials","details":{}}""");
        assertThat(client.outcome()).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(client.userId()).isEqualTo("pacs-gateway");
    }

    @Test
    void theRecordIdIsStablePerKeycloakEvent() throws Exception {
        String event = "{\"id\":\"x\",\"time\":5,\"type\":\"LOGIN\",\"realmId\":\"r1\"}";
        assertThat(convert(event).id()).isEqualTo(convert(event).id());
        assertThat(convert(event).id())
                .isNotEqualTo(convert(event.replace("\"x\"", "\"y\"")).id());
        // without Keycloak's id (before Keycloak 24) the event's content identifies it
        String old = "{\"time\":5,\"type\":\"LOGIN_ERROR\",\"realmId\":\"r1\",\"ipAddress\":\"10.0.0.1\"}";
        assertThat(convert(old).id())
                .isEqualTo(convert(old).id())
                .isNotEqualTo(convert(old.replace("10.0.0.1", "10.0.0.2")).id());
    }

    @Test
    void theEventsUrlIsTheRealmsAdminEndpoint() {
        assertThat(KeycloakEventBridge.eventsUrl("http://127.0.0.1:18180/realms/radflow"))
                .isEqualTo("http://127.0.0.1:18180/admin/realms/radflow/events");
        assertThat(KeycloakEventBridge.eventsUrl("https://sso.example/auth/realms/radflow/"))
                .isEqualTo("https://sso.example/auth/admin/realms/radflow/events");
        assertThatThrownBy(() -> KeycloakEventBridge.eventsUrl("https://sso.example/oidc"))
                .hasMessageContaining("radflow.audit.keycloak-events.url");
    }

    private static AuditEvent convert(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return KeycloakLoginEvents.toAudit(node).source("labeling-service").build();
    }
}
