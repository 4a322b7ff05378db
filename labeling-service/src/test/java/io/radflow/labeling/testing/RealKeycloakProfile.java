package io.radflow.labeling.testing;

import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.KeycloakTestProfile;
import java.util.List;

/**
 * The real PostgreSQL, Kafka and Keycloak, without the module's global test resources (no ingest
 * stand-in): the service's own client-credentials tokens come from Keycloak too.
 */
public class RealKeycloakProfile extends KeycloakTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevStackResource.class), new TestResourceEntry(KeycloakResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
