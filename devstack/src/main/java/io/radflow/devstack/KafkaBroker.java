package io.radflow.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A real Kafka broker ({@code org.apache.kafka:kafka_2.13}, copied to {@code devstack/target/kafka-libs})
 * in KRaft mode, combined broker and controller, replication factor 1, in its own JVM, listening on
 * 127.0.0.1 only. The log directory survives restarts unless {@code clean} is asked for.
 *
 * <p>Clients connect in plain text unless asked otherwise before {@link #start()}: {@link #withSasl}
 * makes them authenticate (SASL_PLAINTEXT: PLAIN and/or SCRAM users), {@link #withTls} makes the
 * connection TLS (SSL; with SASL, SASL_SSL), optionally with client certificates. SCRAM users are created
 * when the storage is formatted (its first start, or a clean one); PLAIN users are read at every start.
 * The broker's own connections to its client listener use an internal user of the same mechanisms.
 */
public final class KafkaBroker implements AutoCloseable {
    /** The SASL mechanisms {@link #withSasl} offers. */
    public static final Set<String> SASL_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private static final String BROKER_USER = "radflow-broker";
    private final Path libs;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private boolean clean;
    private Process process;
    private final Set<String> saslMechanisms = new LinkedHashSet<>();
    private final Map<String, String> saslUsers = new LinkedHashMap<>();
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;
    private Path tlsTrusted;
    private boolean tlsClientCertificates;

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

    /**
     * Clients must authenticate with SASL, with one of {@code mechanisms} (of {@link #SASL_MECHANISMS}), as
     * one of {@code users} (name: password). Names are letters, digits, '.', '_' and '-'; a SCRAM user's
     * password holds no comma (the storage tool's syntax). Call before {@link #start()}.
     */
    public synchronized KafkaBroker withSasl(Map<String, String> users, String... mechanisms) {
        if (mechanisms.length == 0 || users.isEmpty()) {
            throw new IllegalArgumentException("SASL needs at least one mechanism and one user");
        }
        for (String m : mechanisms) {
            if (!SASL_MECHANISMS.contains(m)) {
                throw new IllegalArgumentException("SASL mechanism " + m + " is not one of " + SASL_MECHANISMS);
            }
            saslMechanisms.add(m);
        }
        users.forEach((name, password) -> {
            if (!name.matches("[A-Za-z0-9._-]+") || name.equals(BROKER_USER)) {
                throw new IllegalArgumentException("SASL user name '" + name + "': letters, digits, '.', '_', '-'");
            }
            if (saslMechanisms.stream().anyMatch(m -> m.startsWith("SCRAM")) && password.contains(",")) {
                throw new IllegalArgumentException("the SCRAM password of " + name + " contains a comma");
            }
        });
        saslUsers.putAll(users);
        return this;
    }

    /**
     * The client listener speaks TLS with the PKCS12 {@code keyStore} (the broker's key and certificate for
     * 127.0.0.1). {@code trusted}: the PEM certificates the broker trusts, its own CA (for its own
     * connections) and, with {@code clientCertificates}, the clients' CAs: then every client must present a
     * certificate. Call before {@link #start()}.
     */
    public synchronized KafkaBroker withTls(
            Path keyStore, String keyStorePassword, Path trusted, boolean clientCertificates) {
        this.tlsKeyStore = keyStore.toAbsolutePath();
        this.tlsKeyStorePassword = keyStorePassword;
        this.tlsTrusted = trusted.toAbsolutePath();
        this.tlsClientCertificates = clientCertificates;
        return this;
    }

    /** The security protocol of the client listener: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public synchronized String securityProtocol() {
        String tls = tlsKeyStore != null ? "SSL" : "PLAINTEXT";
        return saslMechanisms.isEmpty() ? tls : "SASL_" + tls;
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
        List<String> args =
                new ArrayList<>(List.of("format", "--standalone", "-t", clusterId, "-c", config.toString()));
        for (String m : saslMechanisms) {
            if (m.startsWith("SCRAM")) {
                for (var u : users().entrySet()) {
                    args.add("--add-scram");
                    args.add(m + "=[name=\"" + u.getKey() + "\",password=\"" + u.getValue() + "\"]");
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command("kafka.tools.StorageTool", args.toArray(String[]::new)));
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
        String listener = securityProtocol();
        String props = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + Net.LOOPBACK + ":" + controllerPort,
                "listeners=" + listener + "://" + Net.LOOPBACK + ":" + port + ",CONTROLLER://" + Net.LOOPBACK + ":"
                        + controllerPort,
                "advertised.listeners=" + listener + "://" + Net.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + listener + ":" + listener,
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
        Files.writeString(config, props + securityConfig(listener));
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

    /** The client listener's SASL and TLS settings (none for PLAINTEXT). */
    private String securityConfig(String listener) throws IOException {
        List<String> lines = new ArrayList<>();
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        if (!saslMechanisms.isEmpty()) {
            Map<String, String> users = users();
            String internal = users.get(BROKER_USER);
            lines.add("sasl.enabled.mechanisms=" + String.join(",", saslMechanisms));
            lines.add("sasl.mechanism.inter.broker.protocol="
                    + saslMechanisms.iterator().next());
            for (String m : saslMechanisms) {
                StringBuilder jaas = new StringBuilder(
                                m.equals("PLAIN")
                                        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                                        : "org.apache.kafka.common.security.scram.ScramLoginModule")
                        .append(" required username=\"" + BROKER_USER + "\" password=")
                        .append(quoted(internal));
                if (m.equals("PLAIN")) {
                    users.forEach((name, password) ->
                            jaas.append(" user_").append(name).append('=').append(quoted(password)));
                }
                lines.add(prefix + m.toLowerCase(Locale.ROOT) + ".sasl.jaas.config=" + properties(jaas + ";"));
            }
        }
        if (tlsKeyStore != null) {
            lines.add("ssl.keystore.type=PKCS12");
            lines.add("ssl.keystore.location=" + properties(tlsKeyStore.toString()));
            lines.add("ssl.keystore.password=" + properties(tlsKeyStorePassword));
            lines.add("ssl.truststore.type=PEM");
            lines.add("ssl.truststore.location=" + properties(tlsTrusted.toString()));
            // with the listener's prefix: Kafka applies a broker-wide ssl.client.auth to SSL listeners only
            lines.add(prefix + "ssl.client.auth=" + (tlsClientCertificates ? "required" : "none"));
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The SASL users with the broker's own, whose password is made once per data directory. */
    private Map<String, String> users() throws IOException {
        Path file = dataDir.resolve("broker-user.password");
        if (!Files.exists(file)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, Base64.getUrlEncoder().encodeToString(random));
        }
        Map<String, String> all = new LinkedHashMap<>(saslUsers);
        all.put(BROKER_USER, Files.readString(file).trim());
        return all;
    }

    /** A quoted string of a JAAS configuration: backslash, quote and line breaks escaped. */
    static String quoted(String value) {
        return '"'
                + value.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                + '"';
    }

    /**
     * A value of a properties file as Kafka reads it (ISO 8859-1): backslashes doubled, line breaks and
     * characters outside printable ASCII as escapes.
     */
    private static String properties(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
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
