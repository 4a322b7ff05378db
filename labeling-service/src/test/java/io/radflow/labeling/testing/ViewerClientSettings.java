package io.radflow.labeling.testing;

import static io.restassured.RestAssured.given;

import io.radflow.testsupport.KeycloakResource;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes a setting of the realm's viewer client {@code radflow-viewer} in the running test Keycloak
 * through its admin REST API, and puts the old value back when closed.
 */
public final class ViewerClientSettings implements AutoCloseable {
    private static final String CLIENT_ID = "radflow-viewer";

    private final String attribute;
    private final String previous;

    private ViewerClientSettings(String attribute, String previous) {
        this.attribute = attribute;
        this.previous = previous;
    }

    /** The client's access-token lifespan (attribute {@code access.token.lifespan}) in seconds. */
    public static ViewerClientSettings accessTokenLifespan(int seconds) {
        return set("access.token.lifespan", String.valueOf(seconds));
    }

    private static ViewerClientSettings set(String attribute, String value) {
        Map<String, Object> client = client();
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes =
                new HashMap<>((Map<String, Object>) client.getOrDefault("attributes", Map.of()));
        String previous = (String) attributes.get(attribute);
        attributes.put(attribute, value);
        client.put("attributes", attributes);
        put(client);
        return new ViewerClientSettings(attribute, previous);
    }

    @Override
    public void close() {
        Map<String, Object> client = client();
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes =
                new HashMap<>((Map<String, Object>) client.getOrDefault("attributes", Map.of()));
        if (previous == null) {
            attributes.put(attribute, "");
        } else {
            attributes.put(attribute, previous);
        }
        client.put("attributes", attributes);
        put(client);
    }

    private static String admin() {
        return KeycloakResource.server().baseUrl() + "/admin/realms/radflow/clients";
    }

    private static Map<String, Object> client() {
        List<Map<String, Object>> found = given().auth()
                .oauth2(KeycloakResource.adminToken())
                .queryParam("clientId", CLIENT_ID)
                .get(admin())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        if (found.size() != 1) {
            throw new IllegalStateException("client " + CLIENT_ID + " not found in realm radflow");
        }
        return new HashMap<>(found.get(0));
    }

    private static void put(Map<String, Object> client) {
        given().auth()
                .oauth2(KeycloakResource.adminToken())
                .contentType(ContentType.JSON)
                .body(client)
                .put(admin() + "/" + client.get("id"))
                .then()
                .statusCode(204);
    }
}
