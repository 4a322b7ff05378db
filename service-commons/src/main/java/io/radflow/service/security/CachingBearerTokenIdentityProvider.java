package io.radflow.service.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Bearer-token authentication with a {@link VerifiedTokenCache} in front of quarkus-oidc: asked before
 * quarkus-oidc's own identity provider (higher {@link #priority()}), it answers a token it has seen fully
 * verified, and still valid, from the cache; any other token it hands to quarkus-oidc's {@link
 * OidcIdentityProvider} (the very provider that would have been asked without it, with the same request
 * and context), and keeps the identity only when that verification succeeded. Failures are never cached:
 * a tampered, expired, foreign or malformed token is verified in full, and refused, every time.
 *
 * <p>Used only where a cached answer is the answer quarkus-oidc would give: JWT access tokens of HTTP
 * requests, the default tenant, the {@code Bearer} scheme (no DPoP proof) and no certificate binding. Where
 * that does not hold (a tenant resolver, another scheme, an ID token of the code flow, a request without
 * routing context, a request carrying more than its routing context, such as a step-up policy) it steps
 * aside and quarkus-oidc is asked directly. Configuration: {@code radflow.oidc.token-cache.*}; design and
 * security reasoning: docs/security.md, "Verified-token cache".
 */
@ApplicationScoped
public class CachingBearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(CachingBearerTokenIdentityProvider.class);
    /** Identity attributes that belong to the request that presented the token, never cached. */
    private static final Set<String> REQUEST_ATTRIBUTES =
            Set.of(RoutingContext.class.getName(), AuthenticationRequestContext.class.getName());

    private final OidcIdentityProvider oidc;
    private final VerifiedTokenCache cache;
    private final Optional<Duration> maxTokenAge;

    CachingBearerTokenIdentityProvider(
            OidcIdentityProvider oidc,
            Instance<TenantResolver> tenantResolvers,
            Instance<TenantConfigResolver> tenantConfigResolvers,
            @ConfigProperty(name = "radflow.oidc.token-cache.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "radflow.oidc.token-cache.max-size", defaultValue = "2048") long maxSize,
            @ConfigProperty(name = "radflow.oidc.token-cache.time-to-live", defaultValue = "60S") Duration timeToLive,
            @ConfigProperty(name = "quarkus.oidc.token.authorization-scheme", defaultValue = "Bearer") String scheme,
            @ConfigProperty(name = "quarkus.oidc.token.binding.certificate", defaultValue = "false")
                    boolean certificateBinding,
            @ConfigProperty(name = "quarkus.oidc.token.age") Optional<Duration> maxTokenAge) {
        this.oidc = oidc;
        this.maxTokenAge = maxTokenAge;
        String off = !enabled
                ? "radflow.oidc.token-cache.enabled=false"
                : !tenantResolvers.isUnsatisfied() || !tenantConfigResolvers.isUnsatisfied()
                        ? "a tenant resolver is present (the cache knows the default tenant only)"
                        : !"Bearer".equalsIgnoreCase(scheme)
                                ? "authorization scheme " + scheme + " (a proof per request)"
                                : certificateBinding ? "tokens are bound to client certificates" : null;
        if (off != null) {
            LOG.infof("verified-token cache off: %s", off);
        }
        this.cache = off == null ? new VerifiedTokenCache(maxSize, timeToLive) : null;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Just before quarkus-oidc's provider (which has the default priority). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (cache == null || rc == null || !cacheable(request)) {
            return oidc.authenticate(request, context);
        }
        String token = request.getToken().getToken();
        SecurityIdentity verified = cache.lookup(token);
        if (verified != null) {
            rc.put(AuthenticationRequestContext.class.getName(), context);
            return Uni.createFrom()
                    .item(QuarkusSecurityIdentity.builder(verified)
                            .addAttribute(RoutingContext.class.getName(), rc)
                            .addAttribute(AuthenticationRequestContext.class.getName(), context)
                            .build());
        }
        return oidc.authenticate(request, context).invoke(identity -> keep(token, identity));
    }

    /** The cache, or {@code null} when it is off. */
    public VerifiedTokenCache cache() {
        return cache;
    }

    private void keep(String token, SecurityIdentity identity) {
        if (identity == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !OidcUtils.DEFAULT_TENANT_ID.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))
                || !token.equals(jwt.getRawToken())) {
            return;
        }
        long notAfter =
                maxTokenAge.map(age -> jwt.getIssuedAtTime() + age.toSeconds()).orElse(Long.MAX_VALUE);
        QuarkusSecurityIdentity.Builder template = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions());
        identity.getAttributes().forEach((name, value) -> {
            if (!REQUEST_ATTRIBUTES.contains(name)) {
                template.addAttribute(name, value);
            }
        });
        cache.store(token, template.build(), jwt.getExpirationTime(), notAfter);
    }

    /**
     * A JWT access token (three dot-separated parts) of a request that carries nothing but its routing
     * context: nothing else (a step-up policy, for instance) takes part in the verification.
     */
    private static boolean cacheable(TokenAuthenticationRequest request) {
        if (!(request.getToken() instanceof AccessTokenCredential credential) || credential.isOpaque()) {
            return false;
        }
        var attributes = request.getAttributes();
        if (attributes.size() != 1 || !attributes.containsKey(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE)) {
            return false;
        }
        return credential.getToken().chars().filter(c -> c == '.').count() == 2;
    }
}
