package io.radflow.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens for fast security tests, signed offline with the RSA test key bundled in {@code
 * io.quarkus:quarkus-test-oidc-server} ({@code privateKey.jwk}, key id {@code 1}). Its WireMock server is
 * never started. Services validate these tokens with the matching public key and issuer {@value #ISSUER},
 * configured for the {@code test} profile in this module's {@code META-INF/microprofile-config.properties}.
 * The tokens look like Keycloak's: {@code preferred_username}, {@code azp}, roles in {@code
 * realm_access.roles}.
 */
public final class TestTokens {
    /** Issuer of the test tokens ({@code %test.quarkus.oidc.token.issuer}). */
    public static final String ISSUER = "https://keycloak.radflow.test/realms/radflow";

    /**
     * The public key matching the signing key (X.509 SubjectPublicKeyInfo, base64), as {@code
     * quarkus.oidc.public-key} takes it.
     */
    public static final String PUBLIC_KEY =
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAiJw33l1eVAsGoRlSyo+FCimeOc+AaZbzQ2iESA3Nkuo3TFb1zIkmt0kzlnWVGt48dkaIl13Vdefh9hqw/r9yNF8xZqX1fp0PnCWc5M/TX/ht5fm9y0TpbiVmsjeRMWZn4jr3DsFouxQ9aBXUJiu26V0vd2vrECeeAreFT4mtoHY13D2WVeJvboc5mEJcp50JNhxRCJ5UkY8jR/wfUk2Tzz4+fAj5xQaBccXnqJMu/1C6MjoCEiB7G1d13bVPReIeAGRKVJIF6ogoCN8JbrOhc/48lT4uyjbgnd24beatuKWodmWYhactFobRGYo5551cgMe8BoxpVQ4to30cGA0qjQIDAQAB";

    private static final String KEY = "privateKey.jwk";

    /**
     * JVM options for a packaged service started by a test ({@code java -jar quarkus-run.jar}, prod profile)
     * so that it validates these tokens offline: no OIDC server (the prod default {@code
     * quarkus.oidc.auth-server-url} is emptied, which removes it), the public key and the test issuer.
     */
    public static List<String> serviceJvmOptions() {
        return List.of(
                "-Dquarkus.oidc.auth-server-url=",
                "-D%prod.quarkus.oidc.auth-server-url=",
                "-Dquarkus.oidc.public-key=" + PUBLIC_KEY,
                "-Dradflow.oidc.issuer=" + ISSUER);
    }

    private TestTokens() {}

    /** A valid token (5 minutes) for user {@code user} with the given realm roles. */
    public static String of(String user, String... roles) {
        Instant now = Instant.now();
        return sign(user, "radflow-viewer", List.of(roles), now, now.plusSeconds(300));
    }

    /**
     * A client-credentials token as Keycloak issues it to a confidential client's service account: user
     * {@code service-account-<clientId>}, {@code azp} = {@code clientId}, e.g. {@code
     * serviceAccount("pacs-gateway", "pacs")} for a PACS pushing by STOW-RS.
     */
    public static String serviceAccount(String clientId, String... roles) {
        Instant now = Instant.now();
        return sign("service-account-" + clientId, clientId, List.of(roles), now, now.plusSeconds(300));
    }

    /** A token of the demo user named after {@code role} (the realm's convention), holding that one role. */
    public static String forRole(String role) {
        return of(role, role);
    }

    /** A token for {@code role} that expired a minute ago. */
    public static String expired(String role) {
        Instant now = Instant.now();
        return sign(role, "radflow-viewer", List.of(role), now.minusSeconds(360), now.minusSeconds(60));
    }

    /** A valid token for {@code role} (user named after it) that expires at {@code expiresAt}. */
    public static String expiringAt(String role, Instant expiresAt) {
        return sign(role, "radflow-viewer", List.of(role), Instant.now(), expiresAt);
    }

    /** A token for {@code role} whose payload was changed after signing (roles elevated to admin). */
    public static String tampered(String role) {
        String good = forRole(role);
        String[] parts = good.split("\\.");
        String forged = of(role, role, "admin").split("\\.")[1];
        return parts[0] + "." + forged + "." + parts[2];
    }

    /** A token with a valid signature from the right key but another issuer. */
    public static String foreignIssuer(String role) {
        Instant now = Instant.now();
        return Jwt.issuer("https://elsewhere.example/realms/radflow")
                .preferredUserName(role)
                .claim("realm_access", Map.of("roles", List.of(role)))
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .jws()
                .keyId("1")
                .sign(KEY);
    }

    private static String sign(String user, String client, List<String> roles, Instant issuedAt, Instant expiresAt) {
        return Jwt.issuer(ISSUER)
                .subject("test-" + user)
                .preferredUserName(user)
                .claim("azp", client)
                .claim("typ", "Bearer")
                .claim("realm_access", Map.of("roles", roles))
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws()
                .keyId("1")
                .sign(KEY);
    }
}
