package io.radflow.quantification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.service.security.Roles;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * CORS for the labeling web app (/label/ of labeling-service, another origin): a preflight of its PUT
 * from labeling-service's local origin is answered without a token with that origin echoed, and so are
 * the answers (a 401 too, so the app sees it instead of a CORS error); an unknown origin is not allowed.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class QuantificationCorsTest {
    private static final String LABELING = "http://127.0.0.1:8080";
    private static final String PATH = "/api/v1/studies/1.2.3/body-composition/l3";

    @Test
    void thePreflightOfTheLabelingAppsPutIsAnswered() {
        Response r = given().header("Origin", LABELING)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(PATH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(LABELING);
        assertThat(r.header("Access-Control-Allow-Methods")).contains("PUT");
        assertThat(r.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization")
                .contains("content-type");
        // localhost is the same local origin
        assertThat(given().header("Origin", "http://localhost:8080")
                        .header("Access-Control-Request-Method", "GET")
                        .options("/api/v1/studies/1.2.3/body-composition")
                        .header("Access-Control-Allow-Origin"))
                .isEqualTo("http://localhost:8080");
    }

    @Test
    void answersCarryTheOriginToo() {
        Response none = given().header("Origin", LABELING).get("/api/v1/studies/1.2.3/body-composition");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("Access-Control-Allow-Origin")).isEqualTo(LABELING);
        Response missing = given().header("Origin", LABELING)
                .auth()
                .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                .get("/api/v1/studies/1.2.3.999/body-composition");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo(LABELING);
    }

    @Test
    void anUnknownOriginIsNotAllowed() {
        Response r = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(PATH);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        Response get = given().header("Origin", "https://evil.example")
                .auth()
                .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                .get("/api/v1/studies/1.2.3.999/body-composition");
        assertThat(get.header("Access-Control-Allow-Origin")).isNull();
    }
}
