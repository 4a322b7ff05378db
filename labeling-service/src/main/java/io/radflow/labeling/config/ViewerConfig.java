package io.radflow.labeling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Configuration of the OHIF viewer served at {@code /viewer/} ({@code radflow.viewer.*}). The OIDC
 * authority the viewer logs in at is the service's own issuer, {@code radflow.oidc.issuer} ({@code
 * RADFLOW_OIDC_ISSUER}): the tokens the viewer gets must carry exactly the issuer this service accepts.
 */
@ConfigMapping(prefix = "radflow.viewer")
public interface ViewerConfig {

    /** Login of the viewer (authorization code + PKCE against Keycloak). */
    Login login();

    /** Login of the viewer. */
    interface Login {
        /**
         * The viewer logs in and sends {@code Authorization: Bearer} on every DICOMweb request. Off
         * ({@code RADFLOW_VIEWER_LOGIN_ENABLED=false}) only for tests that drive an unsecured server.
         */
        @WithDefault("true")
        boolean enabled();

        /** The public OIDC client of the viewer (authorization code + PKCE), realm {@code radflow}. */
        @WithDefault("radflow-viewer")
        String clientId();

        /** Scopes requested at login. */
        @WithDefault("openid")
        String scope();

        /**
         * How long before the access token expires the viewer renews it (refresh-token grant at the
         * token endpoint). Keep it below half of the realm's access-token lifespan (300 s).
         */
        @WithDefault("30S")
        Duration renewBeforeExpiry();
    }
}
