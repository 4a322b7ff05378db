package io.radflow.labeling.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.testsupport.TestTokens;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CORS keeps working on the secured server (a viewer on another origin): a preflight from an allowed
 * origin is answered 200 with the CORS headers, never 401 (browsers send no token on preflights); 401
 * and 403 carry the CORS headers, so the browser lets the viewer see them instead of reporting a CORS
 * error. The viewer's static files need no token.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class CorsOnSecuredServerTest {
    private static final String ORIGIN = "http://localhost:3000";

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
        for (String path : List.of("/dicomweb/studies", "/dicomweb/series", Ct.instance() + "/frames/1")) {
            for (String method : List.of("GET", "POST")) {
                Response r = given().header("Origin", ORIGIN)
                        .header("Access-Control-Request-Method", method)
                        .header("Access-Control-Request-Headers", "authorization,accept")
                        .options(path);
                assertThat(r.statusCode()).as(method + " preflight of " + path).isEqualTo(200);
                assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
                assertThat(r.header("Access-Control-Allow-Methods")).contains(method);
                assertThat(r.header("Access-Control-Allow-Headers").toLowerCase())
                        .contains("authorization");
            }
        }
    }

    @Test
    void unauthorizedAndForbiddenCarryCorsHeaders() {
        Response none = given().header("Origin", ORIGIN).get("/dicomweb/studies");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);

        Response expired = given().header("Origin", ORIGIN)
                .auth()
                .oauth2(TestTokens.expired("radiologist"))
                .get(Ct.instance() + "/frames/1");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);

        Response forbidden = given().header("Origin", ORIGIN)
                .auth()
                .oauth2(TestTokens.forRole("pacs"))
                .get("/dicomweb/studies");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);

        Response stow = given().header("Origin", ORIGIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=b")
                .body(new byte[] {'-', '-', 'b', '-', '-'})
                .post("/dicomweb/studies");
        assertThat(stow.statusCode()).isEqualTo(401);
        assertThat(stow.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    }

    @Test
    void authorizedReadFromAnAllowedOriginCarriesCorsHeaders() {
        Response r = given().header("Origin", ORIGIN)
                .auth()
                .oauth2(TestTokens.forRole("radiologist"))
                .get("/dicomweb/studies");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    }

    @Test
    void viewerFilesAndOtherPathsNeedATokenOnlyWhereTheyShould() {
        // the viewer logs in itself: its files need no token (503 when the build skipped the viewer)
        assertThat(given().redirects().follow(false).get("/viewer/").statusCode())
                .isIn(200, 503);
        assertThat(given().redirects().follow(false).get("/viewer").statusCode())
                .isNotIn(401, 403);
        // anything that is not public needs a valid token, also paths that do not exist
        assertThat(given().get("/no-such-path").statusCode()).isEqualTo(401);
        assertThat(given().auth()
                        .oauth2(TestTokens.forRole("radiologist"))
                        .get("/no-such-path")
                        .statusCode())
                .isEqualTo(404);
        // a method no permission names is denied on the DICOMweb paths
        assertThat(given().auth()
                        .oauth2(TestTokens.forRole("admin"))
                        .delete(Ct.study())
                        .statusCode())
                .isIn(403, 405);
    }
}
