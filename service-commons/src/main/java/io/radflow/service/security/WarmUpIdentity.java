package io.radflow.service.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The identity of a service's own start-up warm-up requests (issue 23): loopback HTTP requests that run the
 * real request path (authentication, roles, resource, response) on synthetic data before readiness turns
 * UP. Its bearer token is JWT-shaped with 256 random bits as signature, so that no issuer ever signed it
 * and quarkus-oidc refuses it; it is accepted only because it is put into the process's {@link
 * VerifiedTokenCache} for the warm-up's duration (at most its lifetime) and forgotten right after. The
 * token never leaves the process but over its own loopback connection. The identity carries {@link
 * #ATTRIBUTE}, which quarkus-oidc never sets, so that audit leaves its requests out ({@link #is}); its
 * principal is {@value #NAME}.
 */
public final class WarmUpIdentity {
    /** The identity attribute that marks a warm-up request. */
    public static final String ATTRIBUTE = "io.radflow.start-up-warm-up";
    /** The principal name of warm-up requests. */
    public static final String NAME = "radflow-start-up-warm-up";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private WarmUpIdentity() {}

    /** Whether {@code identity} is the warm-up's. */
    public static boolean is(SecurityIdentity identity) {
        return identity != null && identity.getAttribute(ATTRIBUTE) != null;
    }

    /**
     * A new token for the warm-up identity with {@code roles}, accepted until {@code lifetime} has passed or
     * {@link #revoke} is called.
     */
    public static String issue(VerifiedTokenCache cache, Duration lifetime, String... roles) {
        long exp = Instant.now().plus(lifetime).getEpochSecond();
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        String token = part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")
                + "." + part("{\"sub\":\"" + NAME + "\",\"exp\":" + exp + "}")
                + "." + B64.encodeToString(signature);
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(NAME))
                .addAttribute(ATTRIBUTE, Boolean.TRUE);
        for (String role : roles) {
            identity.addRole(role);
        }
        cache.store(token, identity.build(), exp, Long.MAX_VALUE);
        return token;
    }

    /** The token is no longer accepted. */
    public static void revoke(VerifiedTokenCache cache, String token) {
        cache.forget(token);
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
