package io.radflow.labeling.labelapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.restassured.path.json.JsonPath;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The labeling web app as the browser gets it (the Maven build put it into target/label-app/dist):
 * public files without a token, the page revalidated, hashed bundles cached, its settings naming the
 * issuer this service accepts and the app's own public client. The app itself runs in chromium in
 * quantification-service's LabelAppWorkflowIT.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class LabelAppRoutesTest {
    @ConfigProperty(name = "radflow.oidc.issuer")
    String issuer;

    @Test
    void thePageAndItsBundlesAreServedWithoutAToken() {
        given().redirects().follow(false).get("/label").then().statusCode(302).header("Location", "/label/");
        String page = given().get("/label/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header(
                        "Content-Security-Policy",
                        containsString("connect-src 'self' " + LabelAppRoutes.origin(issuer)))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .extract()
                .asString();
        assertThat(page).contains("Radflow labeling", "Demo AI models are trained on synthetic studies");
        Matcher script = Pattern.compile("src=\"(/label/assets/[^\"]+\\.js)\"").matcher(page);
        assertThat(script.find()).as("the page names its bundle").isTrue();
        given().get(script.group(1))
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().get("/label/assets/no-such-bundle.js").then().statusCode(404);
    }

    @Test
    void theSettingsNameTheIssuerAndTheAppsClient() {
        JsonPath s = given().get("/label/config.json")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-cache")
                .extract()
                .jsonPath();
        assertThat(s.getString("issuer")).isEqualTo(issuer);
        assertThat(s.getString("clientId")).isEqualTo("radflow-label");
        assertThat(s.getString("dicomWebRoot")).isEqualTo("/dicomweb");
        assertThat(s.getString("apiRoot")).isEqualTo("/api/v1");
        assertThat(s.getString("quantificationUrl")).startsWith("http://127.0.0.1:");
        assertThat(s.getInt("refreshBeforeSeconds")).isEqualTo(30);
    }

    @Test
    void theApisBehindItStillNeedAToken() {
        given().get("/api/v1/label-sets").then().statusCode(401);
        given().get("/dicomweb/studies").then().statusCode(401);
        given().get("/label/../api/v1/label-sets").then().statusCode(equalTo(401));
    }
}
