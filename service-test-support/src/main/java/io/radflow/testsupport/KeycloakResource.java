package io.radflow.testsupport;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.devstack.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak from {@code org.keycloak:keycloak-quarkus-dist} (devstack {@link KeycloakServer}) with
 * the realm file {@code deploy/keycloak/radflow-realm.json}, on 127.0.0.1:{@value #DEFAULT_PORT} (system
 * property {@code radflow.test.keycloak-port}), in-memory database, home under the module's {@code
 * target/keycloak-test}. Points the service's OIDC validation and its client-credentials client at it.
 * Started by {@link KeycloakTestProfile}: once per test class that uses the profile. Takes 25–60 s. The
 * realm's {@code ${RADFLOW_LABELING_PORT}} (the viewer client's redirect URIs and web origins) is the
 * test port of the service under test ({@code quarkus.http.test-port}, default 28080).
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {
    public static final int DEFAULT_PORT = 28180;

    private static KeycloakServer keycloak;

    @Override
    public Map<String, String> start() {
        KeycloakServer kc = server();
        try {
            kc.start();
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.oidc.public-key", "");
            config.put("%test.quarkus.oidc.public-key", "");
            config.put("radflow.oidc.issuer", kc.issuer());
            config.put("%test.radflow.oidc.issuer", kc.issuer());
            config.put("quarkus.oidc.auth-server-url", kc.issuer());
            config.put("quarkus.oidc.token.issuer", kc.issuer());
            config.put("quarkus.oidc-client.auth-server-url", kc.issuer());
            config.put("quarkus.oidc-client.credentials.secret", kc.secret("radflow-services.secret"));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        server().close();
    }

    /** The server (started by the profile's test resource). */
    public static synchronized KeycloakServer server() {
        if (keycloak == null) {
            int port = Integer.getInteger("radflow.test.keycloak-port", DEFAULT_PORT);
            String root = System.getProperty("radflow.root", "..");
            keycloak = new KeycloakServer(
                    KeycloakServer.defaultZip(),
                    Path.of("target", "keycloak-test").toAbsolutePath(),
                    port,
                    Path.of(root, "deploy", "keycloak", "radflow-realm.json"),
                    List.of("--db=dev-mem"),
                    // the browser clients' redirect URIs and web origins (realm file) name the labeling
                    // port: the port of the service under test, or of the stack's labeling service
                    Map.of(
                            "RADFLOW_LABELING_PORT",
                            String.valueOf(Integer.getInteger(
                                    "radflow.test.keycloak-labeling-port",
                                    Integer.getInteger("quarkus.http.test-port", 28080)))));
        }
        return keycloak;
    }

    /** An access token of a demo user (password grant on client {@code radflow-viewer}). */
    public static String passwordToken(String user, String password) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "radflow-viewer")
                .formParam("username", user)
                .formParam("password", password)
                .post(server().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /**
     * A token of the master realm's bootstrap admin (client {@code admin-cli}), for Keycloak's admin REST
     * API ({@code <base>/admin/realms/radflow/...}), e.g. to shorten a token lifetime in a test.
     */
    public static String adminToken() {
        try {
            return given().formParam("grant_type", "password")
                    .formParam("client_id", "admin-cli")
                    .formParam("username", "admin")
                    .formParam("password", server().adminPassword())
                    .post(server().baseUrl() + "/realms/master/protocol/openid-connect/token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("access_token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An access token of a confidential client (client-credentials grant). */
    public static String clientToken(String clientId, String secret) {
        return given().formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(server().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }
}
