package io.radflow.labeling.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.NodeScripts;
import io.radflow.labeling.testing.TestData;
import io.radflow.labeling.testing.ViewerClientSettings;
import io.radflow.testsupport.AuditTable;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.KeycloakTestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real OHIF viewer (npm {@code @ohif/app}, served at {@code /viewer/}) in headless Debian
 * chromium, logged in through the real Keycloak (realm file imported; the service validates its
 * tokens): the demo user {@code radiologist} gets Keycloak's login page and types the password; the
 * study list shows the test studies; a 300-slice CT renders and scrolling reaches slice 150; the
 * viewer client's access-token lifespan is shortened to {@value #TOKEN_LIFESPAN_S} s, so the CT
 * session outlives its first token: the viewer renews it before expiry (refresh token) and, after the
 * first token has expired, loads images it never loaded before (the CT's second series, scrolled to
 * image 100) with the renewed token (200, no 401); meanwhile a second tab shows the MPR layout (three
 * views, cross-origin isolated) and a DX with a sensible window; every {@code /dicomweb} request
 * carried a bearer token and the session's reads (study list, CT) are audited under the logged-in user;
 * logout passes Keycloak's end-session endpoint and reopening the viewer shows the login page; no request
 * fails and no CORS error is logged. Screenshots are kept in {@code
 * target/ohif-screenshots}.
 */
@QuarkusTest
@TestProfile(KeycloakTestProfile.class)
@QuarkusTestResource(IngestIndexResource.class)
class OhifViewerInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOKEN_LIFESPAN_S = 60;

    @Inject
    AgroalDataSource ds;

    @Test
    void loginStudyListCtTokenRenewalMprDxLogout() throws Exception {
        Instant start = Instant.now();
        NodeScripts.require();
        assertThat(Path.of("target/ohif/dist/index.html")).exists();
        var ct = TestData.ct300();
        var dx = TestData.dx();
        String issuer = KeycloakResource.server().issuer();
        Path out = Path.of("target/ohif-screenshots").toAbsolutePath();
        Map<String, Object> args = Map.of(
                "base",
                Http.ROOT,
                "keycloak",
                issuer,
                "user",
                "radiologist",
                "password",
                "radiologist",
                "ct",
                ct.info().studyInstanceUid(),
                "ctDescription",
                ct.info().description(),
                "dx",
                dx.info().studyInstanceUid(),
                "out",
                out.toString());
        JsonNode r;
        try (var lifespan = ViewerClientSettings.accessTokenLifespan(TOKEN_LIFESPAN_S)) {
            r = JSON.readTree(NodeScripts.run("ohif-viewer.mjs", JSON.writeValueAsString(args), 15));
        }
        assertThat(r.has("error")).as(r.toString()).isFalse();

        // login: Keycloak's page, authorization code + PKCE, back in the viewer
        String login = r.get("loginPage").get("url").asText();
        assertThat(login)
                .startsWith(issuer + "/protocol/openid-connect/auth")
                .contains("client_id=radflow-viewer", "response_type=code", "code_challenge_method=S256");
        assertThat(r.get("afterLoginUrl").asText()).startsWith(Http.ROOT + "/viewer");

        // study list, CT, MPR, DX as without login
        String list = r.get("studyList").asText();
        int instances = ct.series().stream().mapToInt(s -> s.files().size()).sum();
        assertThat(list)
                .contains(ct.info().description(), dx.info().description(), "CT", "DX", String.valueOf(instances));
        assertThat(r.get("crossOriginIsolated").asBoolean()).isTrue();
        assertThat(r.get("sliceText").asText()).contains("150");
        assertThat(lit(r.get("ctStats"))).isGreaterThanOrEqualTo(1);
        assertThat(lit(r.get("sliceStats"))).isGreaterThanOrEqualTo(1);
        assertThat(lit(r.get("mprStats"))).isGreaterThanOrEqualTo(3);
        JsonNode dxView = r.get("dxStats").get(0);
        assertThat(dxView.get("mean").asDouble())
                .as("DX window neither black nor white")
                .isBetween(25.0, 230.0);
        assertThat(dxView.get("std").asDouble()).isGreaterThan(20);

        // the session outlived its first token: renewed before expiry, new slices loaded with the new token
        JsonNode first = r.get("renewal").get("firstToken");
        assertThat(first.get("exp").asLong() - first.get("iat").asLong()).isEqualTo(TOKEN_LIFESPAN_S);
        assertThat(first.get("iss").asText()).isEqualTo(issuer);
        assertThat(first.get("user").asText()).isEqualTo("radiologist");
        List<JsonNode> refreshes = grants(r, "refresh_token").stream()
                .filter(g -> g.get("page").asText().equals("main"))
                .filter(g -> g.get("t").asLong() >= first.get("iat").asLong() * 1000)
                .toList();
        assertThat(refreshes).as(r.get("tokenGrants").toString()).isNotEmpty();
        assertThat(refreshes.get(0).get("t").asLong())
                .as("renewed before the first token expired")
                .isLessThan(first.get("exp").asLong() * 1000);
        assertThat(grants(r, "authorization_code")).isNotEmpty();
        for (JsonNode g : r.get("tokenGrants")) {
            assertThat(g.get("status").asInt()).as(g.toString()).isEqualTo(200);
        }
        JsonNode after = r.get("renewal").get("afterExpiry");
        assertThat(lit(r.get("afterExpiryStats"))).isGreaterThanOrEqualTo(1);
        assertThat(r.get("afterExpirySliceText").asText()).contains("100");
        assertThat(after.get("newFrames").asInt()).as(after.toString()).isGreaterThanOrEqualTo(100);
        assertThat(after.get("withFirstToken").asInt()).as(after.toString()).isZero();
        // every answer was 200; a request OHIF itself cancelled (scrolled past) has no answer
        assertThat(fieldNames(after.get("statuses")))
                .as(after.toString())
                .contains("200")
                .isSubsetOf("200", "aborted");
        List<String> renewed = refreshes.stream()
                .map(g -> g.get("accessToken").get("id").asText())
                .toList();
        assertThat(after.get("tokenIds"))
                .as("after expiry, only tokens from refresh-token renewals")
                .allSatisfy(id -> assertThat(renewed).contains(id.asText()));

        // every DICOMweb request carried a valid bearer token; none was refused
        JsonNode dicomweb = r.get("dicomweb");
        assertThat(dicomweb.get("requests").asInt()).isGreaterThan(300);
        assertThat(dicomweb.get("withoutBearer")).as(dicomweb.toString()).isEmpty();
        assertThat(dicomweb.get("withExpiredToken")).as(dicomweb.toString()).isEmpty();
        assertThat(fieldNames(dicomweb.get("statuses"))).as(dicomweb.toString()).doesNotContain("401", "403");

        // logout: end_session with id_token_hint, back to /viewer/, then Keycloak's login page again
        JsonNode endSession = r.get("endSession");
        assertThat(endSession).as("Keycloak end_session was called").isNotNull();
        assertThat(endSession.get("idTokenHint").asBoolean()).isTrue();
        assertThat(endSession.get("postLogoutRedirectUri").asText()).startsWith(Http.ROOT + "/viewer/");
        assertThat(r.get("afterLogoutUrl").asText()).startsWith(issuer + "/protocol/openid-connect/auth");
        assertThat(r.get("reopenedUrl").asText()).startsWith(issuer + "/protocol/openid-connect/auth");

        // the session left audit records under the logged-in user: the study list, the CT read
        assertThat(AuditTable.awaitRow(
                        ds,
                        "user_id = 'radiologist' AND event_id = '110103' AND study_instance_uid = ? AND event_time >= ?",
                        ct.info().studyInstanceUid(),
                        start))
                .containsEntry("client_id", "radflow-viewer")
                .containsEntry("outcome", 0);
        AuditTable.awaitRow(ds, "user_id = 'radiologist' AND event_id = '110112' AND event_time >= ?", start);

        assertThat(r.get("failures")).as("failed requests").isEmpty();
        assertThat(r.get("consoleErrors").toString())
                .doesNotContainIgnoringCase("CORS")
                .doesNotContain("Access-Control");
        for (String png : new String[] {
            "0-login.png",
            "1-study-list.png",
            "2-ct.png",
            "3-ct-slice-150.png",
            "4-mpr.png",
            "5-dx.png",
            "6-ct-series-2-after-token-expiry.png",
            "7-logged-out.png"
        }) {
            assertThat(Files.size(out.resolve(png))).isGreaterThan(1000);
        }
    }

    /**
     * The realm's viewer client: the browser may come back only to {@code /viewer/} on the labeling
     * origin (127.0.0.1 or localhost), and Keycloak's token endpoint answers CORS for that origin and
     * refuses a request from another origin.
     */
    @Test
    void viewerClientRedirectsOnlyToTheViewerAndAllowsOnlyItsOrigin() {
        String issuer = KeycloakResource.server().issuer();
        String localhost = Http.ROOT.replace("127.0.0.1", "localhost");
        assertThat(authorize(issuer, Http.ROOT + "/viewer/callback")).isEqualTo(200);
        assertThat(authorize(issuer, localhost + "/viewer/callback")).isEqualTo(200);
        assertThat(authorize(issuer, Http.ROOT + "/dicomweb/callback")).isEqualTo(400);
        assertThat(authorize(issuer, "http://evil.example/viewer/callback")).isEqualTo(400);
        assertThat(authorize(issuer, "http://127.0.0.1:1/viewer/callback")).isEqualTo(400);

        assertThat(tokenFrom(issuer, Http.ROOT)).isEqualTo("200 " + Http.ROOT);
        assertThat(tokenFrom(issuer, localhost)).isEqualTo("200 " + localhost);
        assertThat(tokenFrom(issuer, "http://evil.example")).isEqualTo("403 null");
    }

    private static int authorize(String issuer, String redirectUri) {
        return given().redirects()
                .follow(false)
                .queryParam("client_id", "radflow-viewer")
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .queryParam("code_challenge_method", "S256")
                .queryParam("redirect_uri", redirectUri)
                .get(issuer + "/protocol/openid-connect/auth")
                .statusCode();
    }

    /** Status and {@code Access-Control-Allow-Origin} of a token request from {@code origin}. */
    private static String tokenFrom(String issuer, String origin) {
        var response = given().header("Origin", origin)
                .formParam("grant_type", "password")
                .formParam("client_id", "radflow-viewer")
                .formParam("username", "radiologist")
                .formParam("password", "radiologist")
                .post(issuer + "/protocol/openid-connect/token");
        return response.statusCode() + " " + response.header("Access-Control-Allow-Origin");
    }

    private static List<JsonNode> grants(JsonNode r, String type) {
        List<JsonNode> out = new ArrayList<>();
        r.get("tokenGrants").forEach(g -> {
            if (type.equals(g.get("grant").asText())) {
                out.add(g);
            }
        });
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static long lit(JsonNode stats) {
        long n = 0;
        for (JsonNode s : stats) {
            if (s.get("litFraction").asDouble() > 0.05 && s.get("std").asDouble() > 10) {
                n++;
            }
        }
        return n;
    }
}
