package io.radflow.labeling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The labeling web app served at {@code /label/} ({@code radflow.label-app.*}): where its built files
 * are and what its {@code /label/config.json} tells it. It logs in at the service's own issuer,
 * {@code radflow.oidc.issuer}, with its public client.
 */
@ConfigMapping(prefix = "radflow.label-app")
public interface LabelAppConfig {

    /**
     * The built app (Vite's {@code dist/}); empty: {@code labeling-service/target/label-app/dist}
     * beside the application (the Maven build puts it there). Container images set {@code
     * RADFLOW_LABEL_APP_DIR}.
     */
    Optional<Path> dir();

    /** The public OIDC client of the app (authorization code + PKCE), realm {@code radflow}. */
    @WithDefault("radflow-label")
    String clientId();

    /** How long before the access token expires the app renews it (realm lifespan 300 s). */
    @WithDefault("30S")
    Duration renewBeforeExpiry();

    /**
     * The quantification service's base URL as the browser reaches it (its {@code /api/v1} is below
     * it); that service's CORS origins must include this service's origin.
     */
    @WithDefault("http://127.0.0.1:8083")
    String quantificationUrl();
}
