package io.radflow.service.messaging;

import static io.radflow.service.messaging.KafkaRoundTrip.refused;
import static io.radflow.service.messaging.KafkaRoundTrip.roundTrip;
import static io.radflow.service.messaging.KafkaRoundTrip.security;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.devstack.KafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Kafka broker (devstack) whose clients must authenticate with SASL (SASL_PLAINTEXT, PLAIN and
 * SCRAM-SHA-512, on 127.0.0.1:29392, controller 29393): the clients of {@link KafkaClientSecurity} with
 * the right user and password send and read a record; with a wrong password they are refused with
 * Kafka's authentication error.
 */
class KafkaSaslTest {
    static final int PORT = Integer.getInteger("radflow.test.kafka-sasl-port", 29392);
    /** Quotes, backslashes, a line break, JAAS and properties syntax and non-ASCII: all escaped. */
    static final String PLAIN_PASSWORD = "p\"a\\ss; word=\u00fc\n}";

    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker(KafkaBroker.defaultLibs(), Path.of("target", "kafka-sasl-test"), PORT, PORT + 1, true)
                .withSasl(
                        Map.of("radflow-plain", PLAIN_PASSWORD, "radflow-scram", "scram secret"),
                        "PLAIN",
                        "SCRAM-SHA-512");
        broker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static KafkaClientSecurity sasl(String mechanism, String user, String password) {
        return security(Map.of(
                "radflow.kafka.security-protocol", "SASL_PLAINTEXT",
                "radflow.kafka.sasl.mechanism", mechanism,
                "radflow.kafka.sasl.username", user,
                "radflow.kafka.sasl.password", password));
    }

    @Test
    void plainUserRoundTripsARecord() throws Exception {
        assertThat(broker.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        var security = sasl("PLAIN", "radflow-plain", PLAIN_PASSWORD);
        assertThat(security.toString())
                .isEqualTo("SASL_PLAINTEXT, PLAIN as user radflow-plain")
                .doesNotContain(PLAIN_PASSWORD);
        assertThat(roundTrip(security, broker.bootstrapServers())).startsWith("event ");
    }

    @Test
    void scramUserRoundTripsARecord() throws Exception {
        var security = sasl("SCRAM-SHA-512", "radflow-scram", "scram secret");
        assertThat(roundTrip(security, broker.bootstrapServers())).startsWith("event ");
    }

    @Test
    void aWrongPlainPasswordIsRefused() {
        var security = sasl("PLAIN", "radflow-plain", "wrong");
        refused(security, broker.bootstrapServers())
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessage("Authentication failed: Invalid username or password");
    }

    @Test
    void aWrongScramPasswordIsRefused() {
        var security = sasl("SCRAM-SHA-512", "radflow-scram", "scram secreT");
        refused(security, broker.bootstrapServers())
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Authentication failed during authentication due to invalid credentials")
                .hasMessageContaining("SCRAM-SHA-512");
    }
}
