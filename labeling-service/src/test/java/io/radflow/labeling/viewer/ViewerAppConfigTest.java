package io.radflow.labeling.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.labeling.config.ViewerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The login part of the viewer's {@code app-config.js}, generated from the configuration. */
class ViewerAppConfigTest {
    private static final String STATIC = "(function () { window.config = { name: 'radflow' }; })();\n";

    @Test
    void loginAtTheServicesIssuerWithCodeFlowAndRefreshTokenRenewal() throws Exception {
        String js = ViewerAppConfig.script(
                STATIC, login(true, "radflow-viewer", 30), "http://127.0.0.1:18180/realms/radflow/");

        assertThat(js).startsWith(STATIC.strip());
        JsonNode oidc = oidc(js).get(0);
        assertThat(oidc.get("authority").asText()).isEqualTo("http://127.0.0.1:18180/realms/radflow");
        assertThat(oidc.get("client_id").asText()).isEqualTo("radflow-viewer");
        assertThat(oidc.get("response_type").asText()).isEqualTo("code");
        assertThat(oidc.get("redirect_uri").asText()).isEqualTo("/callback");
        assertThat(oidc.get("post_logout_redirect_uri").asText())
                .as("not /: OHIF would mount its sign-out callback on its /viewer route")
                .isEqualTo("/signed-out");
        assertThat(oidc.get("automaticSilentRenew").asBoolean()).isTrue();
        assertThat(oidc.get("accessTokenExpiringNotificationTimeInSeconds").asInt())
                .isEqualTo(30);
        assertThat(oidc.get("revokeAccessTokenOnSignout").asBoolean()).isTrue();
        assertThat(oidc.get("monitorSession").asBoolean()).isFalse();
    }

    @Test
    void valuesAreJsonEncodedNotPastedIntoTheScript() throws Exception {
        String js = ViewerAppConfig.script(STATIC, login(true, "a\"b</script>", 0), "https://idp.example/r");

        JsonNode oidc = oidc(js).get(0);
        assertThat(oidc.get("client_id").asText()).isEqualTo("a\"b</script>");
        assertThat(oidc.get("accessTokenExpiringNotificationTimeInSeconds").asInt())
                .isEqualTo(1);
    }

    @Test
    void loginOffLeavesTheStaticConfigurationOnly() {
        String js = ViewerAppConfig.script(STATIC, login(false, "radflow-viewer", 30), "http://x/realms/radflow");

        assertThat(js).startsWith(STATIC.strip()).doesNotContain("window.config.oidc");
    }

    private static JsonNode oidc(String js) throws Exception {
        String marker = "window.config.oidc = ";
        String json = js.substring(js.indexOf(marker) + marker.length(), js.lastIndexOf(';'));
        return new ObjectMapper().readTree(json);
    }

    private static ViewerConfig.Login login(boolean enabled, String clientId, long renewSeconds) {
        return new ViewerConfig.Login() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String clientId() {
                return clientId;
            }

            @Override
            public String scope() {
                return "openid";
            }

            @Override
            public Duration renewBeforeExpiry() {
                return Duration.ofSeconds(renewSeconds);
            }
        };
    }
}
