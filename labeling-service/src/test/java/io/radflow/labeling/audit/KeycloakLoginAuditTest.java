package io.radflow.labeling.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.RealKeycloakProfile;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.security.ServiceTokens;
import io.radflow.testsupport.AuditTable;
import io.radflow.testsupport.AuditTopic;
import io.radflow.testsupport.KeycloakResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Logins at the real Keycloak (realm file imported, events enabled) reach the labeling service's audit
 * trail through {@link KeycloakEventBridge}: a wrong password at the token endpoint (password grant of
 * {@code radflow-viewer}) and on Keycloak's login page, an unknown user and a successful login each become
 * a "User Authentication" / Login record in {@code labeling.audit_event} and on Kafka {@code radflow.audit};
 * a restarted bridge (a new poller that knows only the watermark in PostgreSQL), even one without a
 * watermark, neither repeats nor drops an event.
 */
@QuarkusTest
@TestProfile(KeycloakLoginAuditTest.FastPolling.class)
class KeycloakLoginAuditTest {
    /** The real Keycloak and the bridge polling every second. */
    public static class FastPolling extends RealKeycloakProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("radflow.audit.keycloak-events.interval", "1S");
        }
    }

    @Inject
    AgroalDataSource ds;

    @Inject
    KeycloakEventBridge bridge;

    @Inject
    ServiceTokens tokens;

    @Inject
    AuditRecorder recorder;

    @Inject
    ObjectMapper mapper;

    @Test
    void aWrongPasswordAtTheTokenEndpointIsAuditedInPostgresAndOnKafka() {
        assertThat(bridge.active()).isTrue();
        Instant before = Instant.now().minusSeconds(1);
        passwordGrant("radiologist", "wrong").then().statusCode(400);

        Map<String, Object> row = awaitRow(
                "user_id = 'radiologist' AND outcome = 4 AND detail LIKE '%grant_type password%' AND event_time >= ?",
                before);
        assertThat(row)
                .containsEntry("event_id", "110114")
                .containsEntry("event_type", "User Authentication")
                .containsEntry("event_type_code", "110122")
                .containsEntry("action_code", "E")
                .containsEntry("source_id", "labeling-service")
                .containsEntry("client_id", "radflow-viewer")
                .containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).startsWith("Keycloak LOGIN_ERROR invalid_user_credentials (event ");

        JsonPath json = JsonPath.from(AuditTopic.awaitRecord(row.get("id").toString()));
        assertThat(json.getString("eventId.code")).isEqualTo("110114");
        assertThat(json.getString("eventTypeCode.code")).isEqualTo("110122");
        assertThat(json.getString("eventTypeCode.displayName")).isEqualTo("Login");
        assertThat(json.getInt("eventOutcomeIndicator")).isEqualTo(4);
        assertThat(json.getString("activeParticipant.userId")).isEqualTo("radiologist");
        assertThat(json.getString("activeParticipant.clientId")).isEqualTo("radflow-viewer");
        assertThat(json.getString("activeParticipant.networkAccessPointId")).isEqualTo("127.0.0.1");
    }

    @Test
    void aWrongPasswordOnTheLoginPageIsAudited() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String page = loginPageAttempt("annotator", "not-the-password");
        assertThat(page).contains("Invalid username or password");

        Map<String, Object> row = awaitRow(
                "user_id = 'annotator' AND outcome = 4 AND detail LIKE '%redirect_uri%' AND event_time >= ?", before);
        assertThat(row).containsEntry("event_type_code", "110122").containsEntry("client_id", "radflow-viewer");
        assertThat((String) row.get("detail"))
                .contains("LOGIN_ERROR invalid_user_credentials", "/viewer/callback")
                .doesNotContain("not-the-password");
        AuditTopic.awaitRecord(row.get("id").toString());
    }

    @Test
    void aSuccessfulLoginAndAnUnknownUserAreAudited() {
        Instant before = Instant.now().minusSeconds(1);
        passwordGrant("researcher", "researcher").then().statusCode(200);
        String ghost = "ghost-" + UUID.randomUUID();
        passwordGrant(ghost, "x").then().statusCode(400);

        assertThat(awaitRow("user_id = 'researcher' AND outcome = 0 AND event_time >= ?", before))
                .containsEntry("event_id", "110114")
                .containsEntry("event_type_code", "110122");
        assertThat((String) awaitRow("user_id = ?", ghost).get("detail"))
                .startsWith("Keycloak LOGIN_ERROR user_not_found");
    }

    @Test
    void aRestartedBridgeNeitherRepeatsNorLosesEvents() throws Exception {
        String ghost = "restart-" + UUID.randomUUID();
        passwordGrant(ghost, "x").then().statusCode(400);
        Map<String, Object> row = awaitRow("user_id = ?", ghost);
        String id = row.get("id").toString();

        // a restarted service: a new poller that knows nothing but the watermark in PostgreSQL
        KeycloakEventPoller restarted = poller();
        assertThat(restarted.watermark()).isAfterOrEqualTo(((Timestamp) row.get("event_time")).toInstant());
        assertThat(restarted.poll()).as("nothing new since the last poll").isZero();

        // without a watermark (first start) every event Keycloak keeps is read again, none written twice
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM keycloak_event_watermark");
        }
        KeycloakEventPoller fresh = poller();
        assertThat(fresh.poll()).isZero();
        assertThat(fresh.watermark()).isNotNull();
        assertThat(count("user_id = ?", ghost)).isEqualTo(1);
        assertThat(AuditTopic.records(id)).hasSize(1);

        // a later event is bridged once, however many pollers read it
        String later = "later-" + UUID.randomUUID();
        passwordGrant(later, "x").then().statusCode(400);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("user_id = ?", later) == 1);
        assertThat(fresh.poll()).isZero();
        assertThat(count("user_id = ?", later)).isEqualTo(1);
    }

    private KeycloakEventPoller poller() {
        return new KeycloakEventPoller(
                bridge.eventsUrl(),
                List.of("LOGIN", "LOGIN_ERROR"),
                2, // small pages: the paging is exercised too
                Duration.ofSeconds(10),
                tokens::authorizationHeader,
                tokens::invalidate,
                ds,
                recorder,
                mapper);
    }

    private static io.restassured.response.Response passwordGrant(String user, String password) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "radflow-viewer")
                .formParam("username", user)
                .formParam("password", password)
                .post(KeycloakResource.server().issuer() + "/protocol/openid-connect/token");
    }

    /** Opens Keycloak's login page as the viewer does (code + PKCE) and submits the form; the page shown. */
    private static String loginPageAttempt(String user, String password) throws Exception {
        HttpClient browser = HttpClient.newHttpClient(); // redirects not followed
        String auth = KeycloakResource.server().issuer() + "/protocol/openid-connect/auth?client_id=radflow-viewer"
                + "&response_type=code&scope=openid&code_challenge_method=S256"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri="
                + URLEncoder.encode(Http.ROOT + "/viewer/callback", StandardCharsets.UTF_8);
        HttpResponse<String> form =
                browser.send(HttpRequest.newBuilder(URI.create(auth)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>").matcher(form.body());
        assertThat(action.find()).as("login form on " + auth).isTrue();
        Matcher url = Pattern.compile("action=\"([^\"]+)\"").matcher(action.group());
        assertThat(url.find()).isTrue();
        // Keycloak's session cookies are Secure (a browser sends them to 127.0.0.1 over HTTP, Java's
        // CookieManager does not): sent back as they came
        String cookies = form.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(url.group(1).replace("&amp;", "&")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookies)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }

    private Map<String, Object> awaitRow(String where, Object... args) {
        return AuditTable.awaitRow(ds, where, args);
    }

    private long count(String where, Object... args) throws Exception {
        return AuditTable.rows(ds, where, args).size();
    }
}
