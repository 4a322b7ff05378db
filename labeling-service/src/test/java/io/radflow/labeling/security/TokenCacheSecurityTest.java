package io.radflow.labeling.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.service.security.CachingBearerTokenIdentityProvider;
import io.radflow.service.security.Roles;
import io.radflow.service.security.VerifiedTokenCache;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache (service-commons {@link CachingBearerTokenIdentityProvider}) on the frame path,
 * through real HTTP requests: a token that was accepted, and so is cached, is answered from the cache;
 * every token derived from it (payload changed, signature changed, another issuer) is verified in full and
 * refused; a cached token is refused once its {@code exp} has passed; a cached token's roles still decide
 * (403). The role matrix with its never-seen tokens is {@code FramesSecurityTest}.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class TokenCacheSecurityTest {
    @Inject
    CachingBearerTokenIdentityProvider provider;

    private static int frame(String token) {
        return given().auth()
                .oauth2(token)
                .get(Ct.instance() + "/frames/1")
                .then()
                .extract()
                .statusCode();
    }

    private VerifiedTokenCache cache() {
        assertThat(provider.cache()).as("the cache is on by default").isNotNull();
        return provider.cache();
    }

    @Test
    void anAcceptedTokenIsAnsweredFromTheCache() {
        String token = TestTokens.forRole(Roles.RADIOLOGIST);
        assertThat(frame(token)).isEqualTo(200);
        long hits = cache().hits();

        assertThat(frame(token)).isEqualTo(200);
        assertThat(frame(token)).isEqualTo(200);
        assertThat(cache().hits()).isEqualTo(hits + 2);
    }

    @Test
    void tokensDerivedFromACachedTokenAreVerifiedAndRefused() {
        String token = TestTokens.forRole(Roles.RADIOLOGIST);
        assertThat(frame(token)).isEqualTo(200);
        assertThat(frame(token)).isEqualTo(200);
        String[] parts = token.split("\\.");

        // payload changed (roles elevated to admin), header and signature of the cached token kept
        String elevated =
                TestTokens.of(Roles.RADIOLOGIST, Roles.RADIOLOGIST, Roles.ADMIN).split("\\.")[1];
        assertThat(frame(parts[0] + "." + elevated + "." + parts[2])).isEqualTo(401);
        // signature changed: one byte of it flipped
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[sig.length / 2] ^= 1;
        String flipped = Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        assertThat(frame(parts[0] + "." + parts[1] + "." + flipped)).isEqualTo(401);
        // signature removed, trailing garbage, another issuer
        assertThat(frame(parts[0] + "." + parts[1] + ".")).isEqualTo(401);
        assertThat(frame(token + "x")).isEqualTo(401);
        assertThat(frame(TestTokens.foreignIssuer(Roles.RADIOLOGIST))).isEqualTo(401);

        assertThat(frame(token)).as("the cached token itself still works").isEqualTo(200);
    }

    @Test
    void aCachedTokenStopsWorkingOnceExpired() throws InterruptedException {
        Instant exp = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = TestTokens.expiringAt(Roles.RADIOLOGIST, exp);
        assertThat(frame(token)).isEqualTo(200);
        long hits = cache().hits();
        assertThat(frame(token)).isEqualTo(200);
        assertThat(cache().hits()).as("answered from the cache").isEqualTo(hits + 1);

        while (!Instant.now().isAfter(exp)) { // wait for the token's expiry (not a timing assertion)
            Thread.sleep(100);
        }
        assertThat(frame(token)).isEqualTo(401);
        assertThat(frame(token)).as("and stays refused").isEqualTo(401);
    }

    @Test
    void aCachedTokensRolesStillDecide() {
        String pacs = TestTokens.forRole(Roles.PACS);
        assertThat(frame(pacs)).isEqualTo(403);
        long hits = cache().hits();
        assertThat(frame(pacs)).isEqualTo(403);
        assertThat(cache().hits()).isEqualTo(hits + 1);
    }
}
