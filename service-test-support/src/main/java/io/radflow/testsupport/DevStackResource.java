package io.radflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.devstack.KafkaBroker;
import io.radflow.devstack.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a real PostgreSQL and a real Kafka broker (the same launchers as {@code deploy/local/up.sh})
 * once per test JVM, on fixed loopback ports that do not clash with a running local stack: PostgreSQL
 * {@value #DEFAULT_PG_PORT}, Kafka {@value #DEFAULT_KAFKA_PORT} (controller one above). Override with the
 * system properties {@code radflow.test.pg-port} and {@code radflow.test.kafka-port}. Data lives under the
 * module's {@code target/devstack} and is wiped at each start. Both stop when the JVM exits.
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {
    public static final int DEFAULT_PG_PORT = 25432;
    public static final int DEFAULT_KAFKA_PORT = 29092;

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

    @Override
    public Map<String, String> start() {
        ensureStarted();
        return Map.of(
                "radflow.db.host", "127.0.0.1",
                "radflow.db.port", String.valueOf(postgres.port()),
                "radflow.kafka.bootstrap", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped by the shutdown hook
    }

    /** Starts both servers if this JVM has not yet. */
    public static synchronized void ensureStarted() {
        if (postgres != null) {
            return;
        }
        int pgPort = Integer.getInteger("radflow.test.pg-port", DEFAULT_PG_PORT);
        int kafkaPort = Integer.getInteger("radflow.test.kafka-port", DEFAULT_KAFKA_PORT);
        Path base = Path.of("target", "devstack").toAbsolutePath();
        PostgresServer pg = new PostgresServer(pgPort, base.resolve("pg"), base.resolve("pg-work"), true);
        KafkaBroker broker =
                new KafkaBroker(KafkaBroker.defaultLibs(), base.resolve("kafka"), kafkaPort, kafkaPort + 1, true);
        try {
            pg.start();
            broker.start();
        } catch (IOException e) {
            broker.close();
            try {
                pg.close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
            throw new UncheckedIOException(e);
        }
        postgres = pg;
        kafka = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }));
    }

    /** The shared broker, e.g. to stop and restart it in a readiness test. */
    public static KafkaBroker kafka() {
        ensureStarted();
        return kafka;
    }

    /** The shared PostgreSQL server. */
    public static PostgresServer postgres() {
        ensureStarted();
        return postgres;
    }
}
