package io.radflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The role matrix of a service, proven per endpoint by one {@code @QuarkusTest} that extends this class
 * and lists its endpoints: no token → 401; a token of each role that is not allowed → 403; a token of
 * each allowed role → 2xx; an expired token, a token whose payload was altered after signing and a token
 * of another issuer → 401. Health and metrics answer without a token. Tokens come from {@link TestTokens}.
 */
public abstract class SecurityContract {
    private static final String[] ROLES = {"radiologist", "annotator", "researcher", "admin", "pacs"};

    /** Every secured endpoint of the service with its allowed roles (docs/security.md). */
    protected abstract List<SecuredEndpoint> endpoints();

    @TestFactory
    Stream<DynamicTest> roleMatrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SecuredEndpoint e : endpoints()) {
            tests.add(dynamicTest(e + ": no token → 401", () -> expect(e, null, 401)));
            tests.add(dynamicTest(e + ": expired token → 401", () -> expect(e, TestTokens.expired(allowed(e)), 401)));
            tests.add(dynamicTest(e + ": tampered token → 401", () -> expect(e, TestTokens.tampered(allowed(e)), 401)));
            tests.add(dynamicTest(
                    e + ": token of another issuer → 401", () -> expect(e, TestTokens.foreignIssuer(allowed(e)), 401)));
            tests.add(dynamicTest(e + ": garbage token → 401", () -> expect(e, "not-a-jwt", 401)));
            for (String role : ROLES) {
                if (e.allowedRoles().contains(role)) {
                    tests.add(dynamicTest(e + ": " + role + " → 2xx", () -> expectSuccess(e, role)));
                } else {
                    tests.add(dynamicTest(e + ": " + role + " → 403", () -> expect(e, TestTokens.forRole(role), 403)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void healthAndMetricsArePublic() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private static String allowed(SecuredEndpoint e) {
        assertThat(e.allowedRoles()).as("allowed roles of " + e).isNotEmpty();
        return e.allowedRoles().get(0);
    }

    private static void expectSuccess(SecuredEndpoint e, String role) {
        int status = call(e, TestTokens.forRole(role)).statusCode();
        assertThat(status).as(e + " with a token of role " + role).isBetween(200, 299);
    }

    private static void expect(SecuredEndpoint e, String token, int status) {
        Response r = call(e, token);
        assertThat(r.statusCode()).as(e + " → body " + r.asString()).isEqualTo(status);
    }

    /** Sends the endpoint's request, with {@code Authorization: Bearer token} unless token is null. */
    protected static Response call(SecuredEndpoint e, String token) {
        RequestSpecification spec = given();
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (e.body() != null) {
            spec = spec.contentType(e.contentType()).body(e.body());
        }
        return spec.request(e.method(), e.path());
    }
}
