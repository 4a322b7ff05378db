package io.radflow.service.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Access tokens for service-to-service calls (for example labeling-service → ingest-service STOW-RS),
 * obtained with the OAuth 2.0 client-credentials grant as Keycloak client {@code radflow-services}
 * ({@code quarkus.oidc-client.*}, secret from {@code RADFLOW_SERVICES_CLIENT_SECRET}). A token is cached
 * and replaced once it is within {@code radflow.oidc.token-refresh-skew} (default 30 s) of expiry, so a
 * caller never sends an expired token.
 *
 * <p>Use {@link #authorizationHeader()} as the value of the {@code Authorization} header of an outgoing
 * request. That call blocks (at most {@code radflow.oidc.token-timeout}); on an event-loop thread use
 * {@link #authorizationHeaderAsync()}.
 */
@ApplicationScoped
public class ServiceTokens {
    private final OidcClient client;
    private final Duration skew;
    private final Duration timeout;
    private final AtomicReference<Tokens> current = new AtomicReference<>();

    ServiceTokens(
            OidcClient client,
            @ConfigProperty(name = "radflow.oidc.token-refresh-skew", defaultValue = "30S") Duration skew,
            @ConfigProperty(name = "radflow.oidc.token-timeout", defaultValue = "10S") Duration timeout) {
        this.client = client;
        this.skew = skew;
        this.timeout = timeout;
    }

    /** A valid access token of this service, fetched from the identity provider when needed. */
    public String accessToken() {
        Tokens t = current.get();
        if (t == null || expiresSoon(t)) {
            synchronized (this) {
                t = current.get();
                if (t == null || expiresSoon(t)) {
                    t = client.getTokens().await().atMost(timeout);
                    current.set(t);
                }
            }
        }
        return t.getAccessToken();
    }

    /** {@code Bearer <token>}, for the {@code Authorization} header. */
    public String authorizationHeader() {
        return "Bearer " + accessToken();
    }

    /**
     * {@code Bearer <token>} without blocking, for callers on an event loop (e.g. a Vert.x HTTP client
     * piping STOW-RS to ingest): completes at once with the cached token, or when the identity provider
     * answered.
     */
    public Uni<String> authorizationHeaderAsync() {
        Tokens t = current.get();
        if (t != null && !expiresSoon(t)) {
            return Uni.createFrom().item("Bearer " + t.getAccessToken());
        }
        return client.getTokens().invoke(current::set).map(fresh -> "Bearer " + fresh.getAccessToken());
    }

    /** Drops the cached token, e.g. after a peer answered 401 to it. */
    public void invalidate() {
        current.set(null);
    }

    private boolean expiresSoon(Tokens t) {
        Long expiresAt = t.getAccessTokenExpiresAt();
        return expiresAt != null && Instant.ofEpochSecond(expiresAt).minus(skew).isBefore(Instant.now());
    }
}
