package io.radflow.service.messaging;

import static io.radflow.service.messaging.KafkaRoundTrip.refused;
import static io.radflow.service.messaging.KafkaRoundTrip.roundTrip;
import static io.radflow.service.messaging.KafkaRoundTrip.security;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.devstack.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Kafka broker (devstack) behind SASL_SSL with client certificates required (127.0.0.1:29394,
 * controller 29395), its keys made by the JDK's keytool: a client of {@link KafkaClientSecurity} with the
 * broker's certificate as trust store (PEM), its own PKCS12 key store and a SCRAM-SHA-512 user sends and
 * reads a record, the host name checked against the certificate; without a client certificate, or
 * trusting another certificate, it is refused in the TLS handshake.
 */
class KafkaTlsTest {
    static final int PORT = Integer.getInteger("radflow.test.kafka-tls-port", 29394);
    static final Path DIR = Path.of("target", "kafka-tls-test").toAbsolutePath();
    static final Path KEYS = DIR.resolve("keys");
    static final String STORE_PASSWORD = "store secret";

    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        if (Files.exists(KEYS)) {
            try (var files = Files.list(KEYS)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(KEYS);
        keyPair("broker", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
        keyPair("client", "CN=radflow-client", null);
        Files.writeString(
                KEYS.resolve("broker-trusts.pem"),
                Files.readString(KEYS.resolve("broker.pem")) + Files.readString(KEYS.resolve("client.pem")));
        broker = new KafkaBroker(KafkaBroker.defaultLibs(), DIR.resolve("broker"), PORT, PORT + 1, true)
                .withSasl(Map.of("radflow", "scram secret"), "SCRAM-SHA-512")
                .withTls(KEYS.resolve("broker.p12"), STORE_PASSWORD, KEYS.resolve("broker-trusts.pem"), true);
        broker.start();
    }

    /** A PKCS12 key store NAME.p12 with a new EC key pair, and its certificate as NAME.pem. */
    static void keyPair(String name, String dname, String extension) throws IOException, InterruptedException {
        List<String> gen = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                dname,
                "-storetype",
                "PKCS12",
                "-keystore",
                KEYS.resolve(name + ".p12").toString(),
                "-storepass",
                STORE_PASSWORD));
        if (extension != null) {
            gen.addAll(List.of("-ext", extension));
        }
        keytool(gen);
        keytool(List.of(
                "-exportcert",
                "-rfc",
                "-alias",
                name,
                "-keystore",
                KEYS.resolve(name + ".p12").toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                KEYS.resolve(name + ".pem").toString()));
    }

    static void keytool(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool " + args.get(0) + ": " + out).isZero();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, String> settings(String trusted) {
        Map<String, String> s = new HashMap<>(Map.of(
                "radflow.kafka.security-protocol", "SASL_SSL",
                "radflow.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "radflow.kafka.sasl.username", "radflow",
                "radflow.kafka.sasl.password", "scram secret",
                "radflow.kafka.ssl.truststore.location", KEYS.resolve(trusted).toString(),
                "radflow.kafka.ssl.keystore.location",
                        KEYS.resolve("client.p12").toString(),
                "radflow.kafka.ssl.keystore.password", STORE_PASSWORD));
        return s;
    }

    @Test
    void aClientWithItsCertificateAndUserRoundTripsARecord() throws Exception {
        assertThat(broker.securityProtocol()).isEqualTo("SASL_SSL");
        var security = security(settings("broker.pem"));
        assertThat(security.toString())
                .isEqualTo("SASL_SSL, SCRAM-SHA-512 as user radflow, truststore " + KEYS.resolve("broker.pem")
                        + " (PEM), keystore " + KEYS.resolve("client.p12") + " (PKCS12)");
        assertThat(roundTrip(security, broker.bootstrapServers())).startsWith("event ");
    }

    @Test
    void aClientWithoutCertificateIsRefused() {
        Map<String, String> s = settings("broker.pem");
        s.remove("radflow.kafka.ssl.keystore.location");
        s.remove("radflow.kafka.ssl.keystore.password");
        refused(security(s), broker.bootstrapServers())
                .isInstanceOf(SslAuthenticationException.class)
                .rootCause()
                .hasMessage("(certificate_required) Received fatal alert: certificate_required");
    }

    @Test
    void aClientThatDoesNotTrustTheBrokerIsRefused() {
        var security = security(settings("client.pem"));
        refused(security, broker.bootstrapServers())
                .isInstanceOf(SslAuthenticationException.class)
                .hasMessageContaining("SSL handshake failed")
                .rootCause()
                .hasMessageContaining("unable to find valid certification path");
    }
}
