package io.radflow.service.messaging;

import static io.radflow.service.messaging.KafkaRoundTrip.security;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.service.messaging.KafkaClientSecurity.InvalidKafkaSecurityException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings KafkaClientSecurity gives Kafka clients, and the inconsistent ones it refuses (no broker). */
class KafkaClientSecurityTest {
    static final String SECRET = "do-not-show-me";

    @TempDir
    Path dir;

    @Test
    void byDefaultClientsConnectInPlainText() throws Exception {
        var config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(sharedDefaults(), 100))
                .build();
        var security = KafkaClientSecurity.fromConfig(config);
        assertThat(security.protocol()).isEqualTo("PLAINTEXT");
        assertThat(security.clientProperties("kafka:9092")).containsOnlyKeys("bootstrap.servers");
    }

    /** The environment variables of a Kubernetes pod, through service-commons' shared configuration. */
    @Test
    void environmentVariablesSetEverySetting() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "PEM");
        Path key = Files.writeString(dir.resolve("user.p12"), "P12");
        var env = new EnvConfigSource(
                Map.of(
                        "RADFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "RADFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "RADFLOW_KAFKA_SASL_USERNAME", "radflow",
                        "RADFLOW_KAFKA_SASL_PASSWORD", SECRET,
                        "RADFLOW_KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(),
                        "RADFLOW_KAFKA_SSL_KEYSTORE_LOCATION", key.toString(),
                        "RADFLOW_KAFKA_SSL_KEYSTORE_PASSWORD", "key store secret",
                        "RADFLOW_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "none"),
                300);
        var config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(sharedDefaults(), 100), env)
                .build();
        var security = KafkaClientSecurity.fromConfig(config);
        assertThat(security.clientProperties("kafka:9093"))
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"radflow\""
                                + " password=\"" + SECRET + "\";")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.truststore.password")
                .containsEntry("ssl.keystore.location", key.toString())
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "key store secret")
                .containsEntry("ssl.endpoint.identification.algorithm", "");
        assertThat(security.toString())
                .isEqualTo("SASL_SSL, SCRAM-SHA-512 as user radflow, truststore " + ca + " (PEM), keystore " + key
                        + " (PKCS12), no host name verification");
    }

    @Test
    void tlsChecksHostNamesAndTrustsTheJdkCasByDefault() {
        var security = security(Map.of("radflow.kafka.security-protocol", "ssl"));
        assertThat(security.clientProperties("kafka:9093"))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .doesNotContainKeys("ssl.truststore.location", "sasl.jaas.config");
        assertThat(security.toString()).isEqualTo("SSL, the JDK's CAs");
    }

    /** Kafka's own JAAS parser reads back user names and passwords with any character. */
    @Test
    void theJaasLineQuotesAndEscapesUserAndPassword() {
        for (String password : new String[] {
            "plain",
            "with \"quotes\"",
            "back\\slash\\",
            "semi;colon=x",
            "line\nbreak\r",
            "ünïcødé",
            "'single' /* not a comment */ // nor this",
            ""
        }) {
            String user = "user \"" + password + "\"";
            String jaas = KafkaClientSecurity.jaasConfig("PLAIN", user, password);
            var entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)))
                    .configurationEntries()
                    .get(0);
            assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
            assertThat(Map.<String, Object>copyOf(entry.getOptions()))
                    .as(jaas)
                    .containsEntry("username", user)
                    .containsEntry("password", password);
        }
    }

    @Test
    void anUnknownProtocolIsRefused() {
        assertThatThrownBy(() -> security(Map.of("radflow.kafka.security-protocol", "SASL")))
                .isInstanceOf(InvalidKafkaSecurityException.class)
                .hasMessage("Kafka security settings (radflow.kafka.*, env RADFLOW_KAFKA_*) are inconsistent:"
                        + " radflow.kafka.security-protocol is 'SASL'; use one of [PLAINTEXT, SSL, SASL_PLAINTEXT,"
                        + " SASL_SSL]");
    }

    @Test
    void saslWithoutMechanismUserOrPasswordIsRefusedWithEveryProblem() {
        assertThatThrownBy(() -> security(Map.of("radflow.kafka.security-protocol", "SASL_SSL")))
                .hasMessageEndingWith("radflow.kafka.sasl.mechanism is required with SASL_SSL: one of [PLAIN,"
                        + " SCRAM-SHA-256, SCRAM-SHA-512]; radflow.kafka.sasl.username is required with SASL_SSL;"
                        + " radflow.kafka.sasl.password is required with SASL_SSL");
        assertThatThrownBy(() -> security(Map.of(
                        "radflow.kafka.security-protocol", "SASL_PLAINTEXT",
                        "radflow.kafka.sasl.mechanism", "GSSAPI",
                        "radflow.kafka.sasl.username", "radflow",
                        "radflow.kafka.sasl.password", SECRET)))
                .hasMessageEndingWith(
                        "radflow.kafka.sasl.mechanism is 'GSSAPI'; use one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void settingsOfAnotherProtocolAreRefused() {
        assertThatThrownBy(() -> security(Map.of(
                        "radflow.kafka.sasl.username", "radflow",
                        "radflow.kafka.sasl.password", SECRET,
                        "radflow.kafka.ssl.truststore.location", "/etc/ca.crt")))
                .hasMessageEndingWith("radflow.kafka.sasl.username, radflow.kafka.sasl.password are set but"
                        + " radflow.kafka.security-protocol is PLAINTEXT: use SASL_SSL or SASL_PLAINTEXT, or remove"
                        + " them; radflow.kafka.ssl.truststore.location is set but radflow.kafka.security-protocol is"
                        + " PLAINTEXT: use SSL or SASL_SSL, or remove it")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void storesThatKafkaCouldNotReadAreRefused() throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "PEM");
        Path p12 = Files.writeString(dir.resolve("user.p12"), "P12");
        assertThatThrownBy(() -> security(Map.of(
                        "radflow.kafka.security-protocol",
                        "SSL",
                        "radflow.kafka.ssl.truststore.location",
                        dir.resolve("missing.p12").toString())))
                .hasMessageEndingWith("radflow.kafka.ssl.truststore.location " + dir.resolve("missing.p12")
                        + " is not a readable file");
        assertThatThrownBy(() -> security(Map.of(
                        "radflow.kafka.security-protocol",
                        "SSL",
                        "radflow.kafka.ssl.truststore.location",
                        pem.toString(),
                        "radflow.kafka.ssl.truststore.password",
                        SECRET,
                        "radflow.kafka.ssl.keystore.location",
                        p12.toString())))
                .hasMessageEndingWith("radflow.kafka.ssl.truststore.password is set for a PEM file, which Kafka"
                        + " reads without one: remove it; radflow.kafka.ssl.keystore.password is required with the"
                        + " PKCS12 file " + p12)
                .message()
                .doesNotContain(SECRET);
        assertThatThrownBy(() -> security(Map.of(
                        "radflow.kafka.security-protocol", "SSL",
                        "radflow.kafka.ssl.truststore.password", SECRET,
                        "radflow.kafka.ssl.endpoint-identification-algorithm", "http")))
                .hasMessageEndingWith("radflow.kafka.ssl.truststore.password is set without"
                        + " radflow.kafka.ssl.truststore.location; radflow.kafka.ssl.endpoint-identification-algorithm"
                        + " is 'http'; use https or none");
    }

    private static java.net.URL sharedDefaults() {
        return KafkaClientSecurity.class.getClassLoader().getResource("META-INF/microprofile-config.properties");
    }
}
