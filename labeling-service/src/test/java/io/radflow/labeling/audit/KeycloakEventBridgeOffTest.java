package io.radflow.labeling.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With tokens validated offline (the test key, no {@code quarkus.oidc.auth-server-url}) there is no
 * Keycloak to read login events from: the bridge stays off and the service runs as usual.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class KeycloakEventBridgeOffTest {
    @Inject
    KeycloakEventBridge bridge;

    @Test
    void offWithoutAKeycloak() {
        assertThat(bridge.active()).isFalse();
        assertThat(bridge.eventsUrl()).isNull();
        assertThatThrownBy(bridge::pollNow).isInstanceOf(IllegalStateException.class);
    }
}
