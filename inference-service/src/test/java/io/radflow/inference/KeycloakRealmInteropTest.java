package io.radflow.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.service.security.ServiceTokens;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.KeycloakTestProfile;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The realm file in the real Keycloak (started from the Maven artifact by {@link KeycloakResource}) and a
 * service validating its tokens: demo users get tokens by password grant on {@code radflow-viewer}, the
 * {@code pacs-gateway} and {@code radflow-services} clients by client credentials; the role matrix holds
 * for those tokens.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@TestProfile(KeycloakTestProfile.class)
class KeycloakRealmInteropTest {
    private static final String STATUS = "/api/v1/status";

    @Inject
    ServiceTokens serviceTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void demoUsersWithAReadRoleGetTheStatus() {
        for (String user : new String[] {"radiologist", "annotator", "researcher", "admin"}) {
            given().auth()
                    .oauth2(KeycloakResource.passwordToken(user, user))
                    .get(STATUS)
                    .then()
                    .statusCode(200)
                    .body("service", equalTo("inference-service"));
        }
    }

    @Test
    void readWithAKeycloakTokenIsAuditedWithUserAndClient() {
        Instant before = Instant.now().minusMillis(1);
        given().auth()
                .oauth2(KeycloakResource.passwordToken("researcher", "researcher"))
                .get(STATUS)
                .then()
                .statusCode(200);
        String roles =
                await().atMost(Duration.ofSeconds(30)).until(() -> auditedRoles("researcher", before), r -> r != null);
        assertThat(roles.split(",")).contains("researcher").doesNotContain("admin", "pacs");
    }

    private String auditedRoles(String user, Instant since) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT user_roles FROM audit_event WHERE user_id = ?"
                        + " AND client_id = 'radflow-viewer' AND event_time >= ? AND http_status = 200")) {
            st.setString(1, user);
            st.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void pacsGatewayClientIsDenied() throws Exception {
        String secret = KeycloakResource.server().secret("pacs-gateway.secret");
        String token = KeycloakResource.clientToken("pacs-gateway", secret);
        given().auth().oauth2(token).get(STATUS).then().statusCode(403);
    }

    @Test
    void wrongPasswordGetsNoToken() {
        given().formParam("grant_type", "password")
                .formParam("client_id", "radflow-viewer")
                .formParam("username", "radiologist")
                .formParam("password", "wrong")
                .post(KeycloakResource.server().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(anyOf(equalTo(400), equalTo(401)))
                .body("error", equalTo("invalid_grant"))
                .body("access_token", nullValue());
    }

    @Test
    void tokenOfAnotherRealmKeyIsRejected() {
        given().auth()
                .oauth2(TestTokens.forRole("radiologist"))
                .get(STATUS)
                .then()
                .statusCode(401);
        given().get(STATUS).then().statusCode(401);
    }

    @Test
    void serviceToServiceTokenFromClientCredentials() {
        String header = serviceTokens.authorizationHeader();
        assertThat(header).startsWith("Bearer ");
        given().header("Authorization", header).get(STATUS).then().statusCode(200);
        assertThat(serviceTokens.authorizationHeader())
                .as("cached until near expiry")
                .isEqualTo(header);
        assertThat(serviceTokens.authorizationHeaderAsync().await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(header);
        serviceTokens.invalidate();
        String fresh = serviceTokens.authorizationHeaderAsync().await().atMost(Duration.ofSeconds(30));
        given().header("Authorization", fresh).get(STATUS).then().statusCode(200);
    }
}
