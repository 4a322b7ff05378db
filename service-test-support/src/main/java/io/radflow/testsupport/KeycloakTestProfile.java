package io.radflow.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * Test profile for tests against the real Keycloak ({@link KeycloakResource}): the service validates
 * tokens issued by Keycloak (discovery, JWKS) instead of the offline test key.
 */
public class KeycloakTestProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakResource.class));
    }
}
