package io.radflow.labeling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The bridge of Keycloak's login events into Radflow's audit trail ({@code radflow.audit.keycloak-events.*},
 * {@code io.radflow.labeling.audit.KeycloakEventBridge}; docs/security.md "Logins at Keycloak").
 */
@ConfigMapping(prefix = "radflow.audit.keycloak-events")
public interface KeycloakEventsConfig {
    /**
     * Whether the bridge runs. It also stays off when no Keycloak is configured ({@code
     * quarkus.oidc.auth-server-url} empty: tokens validated offline) or audit recording is off.
     */
    @WithDefault("true")
    boolean enabled();

    /** Pause between two polls of Keycloak's events API. */
    @WithDefault("30S")
    Duration interval();

    /** Keycloak event types bridged (each must be enabled in the realm's {@code enabledEventTypes}). */
    @WithDefault("LOGIN,LOGIN_ERROR,LOGOUT,CODE_TO_TOKEN_ERROR,CLIENT_LOGIN_ERROR")
    List<String> types();

    /**
     * The realm's admin events endpoint; by default derived from {@code quarkus.oidc.auth-server-url}
     * ({@code <server>/realms/radflow} → {@code <server>/admin/realms/radflow/events}).
     */
    Optional<String> url();

    /** Events fetched per request. */
    @WithDefault("100")
    int pageSize();

    /**
     * How far before the newest bridged event each poll reads again, for events Keycloak commits late
     * (already bridged ones are recognised by their id and skipped).
     */
    @WithDefault("10S")
    Duration overlap();
}
