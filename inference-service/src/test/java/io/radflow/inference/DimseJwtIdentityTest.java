package io.radflow.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.service.security.JwtUserIdentityValidator;
import io.radflow.service.security.JwtUserIdentityValidator.RejectedIdentityException;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * service-commons' DIMSE JWT user identity validation (PS3.7 User-Identity-Type 5) in a running service,
 * with offline-signed tokens: a pacs token is accepted, others are rejected and counted.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DimseJwtIdentityTest {
    @Inject
    JwtUserIdentityValidator validator;

    @Test
    void pacsTokenIsAccepted() throws Exception {
        var id = validator.validate(5, bytes(TestTokens.of("orthanc", "pacs")), "ORTHANC", "127.0.0.1");
        assertThat(id.user()).isEqualTo("orthanc");
        assertThat(id.roles()).containsExactly("pacs");
    }

    @Test
    void invalidTokensAndWrongRolesAreRejected() {
        long before = validator.rejections();
        assertRejected(TestTokens.expired("pacs"), 5);
        assertRejected(TestTokens.tampered("pacs"), 5);
        assertRejected(TestTokens.foreignIssuer("pacs"), 5);
        assertRejected("not-a-jwt", 5);
        assertRejected(TestTokens.forRole("radiologist"), 5);
        assertRejected(TestTokens.forRole("pacs"), 2);
        assertThat(validator.rejections() - before).isEqualTo(6);
    }

    private void assertRejected(String token, int type) {
        assertThatThrownBy(() -> validator.validate(type, bytes(token), "STORESCU", "127.0.0.1"))
                .isInstanceOf(RejectedIdentityException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
