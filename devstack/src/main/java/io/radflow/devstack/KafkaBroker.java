package io.radflow.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A real Kafka broker ({@code org.apache.kafka:kafka_2.13}, copied to {@code devstack/target/kafka-libs})
 * in KRaft mode, combined broker and controller, replication factor 1, in its own JVM, listening on
 * 127.0.0.1 only. The log directory survives restarts unless {@code clean} is asked for.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path libs;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private boolean clean;
    private Process process;

    public KafkaBroker(Path libs, Path dataDir, int port, int controllerPort, boolean clean) {
        this.libs = libs;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clean = clean;
    }

    /** The directory holding the broker's jars, next to the devstack jar or classes. */
    public static Path defaultLibs() {
        String root = System.getProperty("radflow.root");
        if (root != null && Files.isDirectory(Path.of(root, "devstack", "target", "kafka-libs"))) {
            return Path.of(root, "devstack", "target", "kafka-libs");
        }
        try {
            Path here = Path.of(KafkaBroker.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return here.getParent().resolve("kafka-libs");
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate devstack/target/kafka-libs", e);
        }
    }

    public String bootstrapServers() {
        return Net.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the broker (formatting its storage on first start) and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!hasBrokerJar()) {
            throw new IOException(
                    "Kafka broker jars not found in " + libs + ": build devstack first (./mvnw -pl devstack package)");
        }
        Path pidFile = dataDir.resolve("broker.pid");
        Processes.killStale(pidFile);
        if (clean) {
            Processes.deleteTree(dataDir);
            clean = false; // a later restart keeps the data, as a real restart would
        }
        Files.createDirectories(dataDir);
        if (Net.isOpen(port) || Net.isOpen(controllerPort)) {
            throw new IOException("Kafka: port " + port + " or " + controllerPort + " on 127.0.0.1 is already in use");
        }
        Path config = writeConfig();
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(config);
        }
        ProcessBuilder pb = new ProcessBuilder(command("kafka.Kafka", config.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()));
        process = pb.start();
        Processes.writePid(pidFile, process.pid());
        Process p = process;
        Net.await("Kafka broker on " + bootstrapServers(), Duration.ofSeconds(90), p::isAlive, () -> Net.isOpen(port));
    }

    private void format(Path config) throws IOException {
        String clusterId = newClusterId();
        ProcessBuilder pb = new ProcessBuilder(
                command("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c", config.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()));
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IOException(
                        "Kafka storage format failed (exit " + rc + "), see " + dataDir.resolve("broker.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * A random cluster id as Kafka makes them (base64url of a UUID), never starting with '-': the
     * storage tool's argument parser would take such an id for an option (one start in 64 failed so).
     */
    static String newClusterId() {
        while (true) {
            byte[] id = new byte[16];
            UUID uuid = UUID.randomUUID();
            ByteBuffer.wrap(id).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            if (clusterId.charAt(0) != '-') {
                return clusterId;
            }
        }
    }

    private List<String> command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.javaExecutable());
        cmd.add("-Xms64m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
        cmd.add("-cp");
        cmd.add(libs.toAbsolutePath() + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Path writeConfig() throws IOException {
        Path logs = dataDir.resolve("logs").toAbsolutePath();
        String props = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + Net.LOOPBACK + ":" + controllerPort,
                "listeners=PLAINTEXT://" + Net.LOOPBACK + ":" + port + ",CONTROLLER://" + Net.LOOPBACK + ":"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://" + Net.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, props);
        Files.writeString(
                dataDir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level=INFO",
                        "rootLogger.appenderRef.out.ref=out",
                        "appender.out.type=Console",
                        "appender.out.name=out",
                        "appender.out.layout.type=PatternLayout",
                        "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                        "logger.kafka.name=kafka",
                        "logger.kafka.level=WARN",
                        "logger.apache.name=org.apache.kafka",
                        "logger.apache.level=WARN",
                        ""));
        return config;
    }

    private boolean hasBrokerJar() throws IOException {
        if (!Files.isDirectory(libs)) {
            return false;
        }
        try (var files = Files.list(libs)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker (controlled shutdown) and waits for its JVM to exit. */
    @Override
    public synchronized void close() {
        if (process != null) {
            Processes.stop(process.toHandle(), 60);
            process = null;
        }
    }
}
