package io.radflow.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from {@code org.keycloak:keycloak-quarkus-dist} (a Maven Central zip), unpacked once under
 * {@code home}, started in development mode on 127.0.0.1 with the {@code radflow} realm imported.
 * Its file database lives under {@code home} and survives restarts. The bootstrap admin password is
 * and the confidential clients' secrets are generated on first start and kept under {@code home}
 * (never in the repository); the realm file refers to them as {@code ${RADFLOW_..._SECRET}}.
 */
public final class KeycloakServer implements AutoCloseable {
    private final Path zip;
    private final Path home;
    private final int port;
    private final Path realmFile;
    private final List<String> extraArgs;
    private final Map<String, String> extraEnv;
    private Process process;

    public KeycloakServer(Path zip, Path home, int port, Path realmFile, List<String> extraArgs) {
        this(zip, home, port, realmFile, extraArgs, Map.of());
    }

    /**
     * @param extraEnv environment variables for Keycloak, e.g. the {@code ${RADFLOW_LABELING_PORT}} the
     *     realm file's redirect URIs refer to (the rest is inherited from this process)
     */
    public KeycloakServer(
            Path zip, Path home, int port, Path realmFile, List<String> extraArgs, Map<String, String> extraEnv) {
        this.zip = zip;
        this.home = home;
        this.port = port;
        this.realmFile = realmFile;
        this.extraArgs = extraArgs;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** The Keycloak zip copied by the devstack build. */
    public static Path defaultZip() {
        return KafkaBroker.defaultLibs().getParent().resolve("keycloak").resolve("keycloak-quarkus-dist.zip");
    }

    public String baseUrl() {
        return "http://" + Net.LOOPBACK + ":" + port;
    }

    /** Issuer URL of the radflow realm. */
    public String issuer() {
        return baseUrl() + "/realms/radflow";
    }

    /** Unpacks (first time), imports the realm and starts Keycloak; waits until the realm answers. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path pidFile = home.resolve("keycloak.pid");
        Processes.killStale(pidFile);
        Path dist = unpack();
        Path importDir = dist.resolve("data").resolve("import");
        Files.createDirectories(importDir);
        Files.copy(realmFile, importDir.resolve("radflow-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        if (Net.isOpen(port)) {
            throw new IOException("Keycloak: port " + port + " on 127.0.0.1 is already in use");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(
                dist.resolve("bin").resolve("kc.sh").toString(),
                "start-dev",
                "--http-host=" + Net.LOOPBACK,
                "--http-port=" + port,
                "--hostname-strict=false",
                "--import-realm"));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword());
        env.put("RADFLOW_SERVICES_CLIENT_SECRET", secret("radflow-services.secret"));
        env.put("RADFLOW_PACS_CLIENT_SECRET", secret("pacs-gateway.secret"));
        env.putAll(extraEnv);
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-XX:MaxRAMPercentage=10 -Xms64m -Xmx768m");
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(home.resolve("keycloak.log").toFile()));
        process = pb.start();
        Processes.writePid(pidFile, process.pid());
        Process p = process;
        Net.await(
                "Keycloak on " + baseUrl(),
                Duration.ofSeconds(240),
                p::isAlive,
                () -> Net.httpStatus(issuer() + "/.well-known/openid-configuration") == 200);
    }

    /** The bootstrap admin's password, generated once per state directory. */
    public String adminPassword() throws IOException {
        return secret("admin-password");
    }

    /**
     * A secret generated once per state directory and kept there with owner-only permissions:
     * {@code admin-password}, {@code radflow-services.secret}, {@code pacs-gateway.secret}.
     */
    public String secret(String name) throws IOException {
        Path f = home.resolve(name);
        if (!Files.exists(f)) {
            Files.createDirectories(home);
            byte[] b = new byte[18];
            new java.security.SecureRandom().nextBytes(b);
            Files.writeString(
                    f, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(f).trim();
    }

    private Path unpack() throws IOException {
        Path marker = home.resolve(".unpacked");
        if (Files.exists(marker)) {
            return home.resolve(Files.readString(marker).trim());
        }
        if (!Files.exists(zip)) {
            throw new IOException("Keycloak distribution not found at " + zip + ": build devstack first");
        }
        Files.createDirectories(home);
        String top = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = home.resolve(e.getName()).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("zip entry outside the target folder: " + e.getName());
                }
                if (top == null) {
                    top = e.getName().split("/")[0];
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                    if (e.getName().endsWith(".sh")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        }
        Files.writeString(marker, top);
        return home.resolve(top);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.descendants().forEach(d -> Processes.stop(d, 30));
            Processes.stop(process.toHandle(), 30);
            process = null;
        }
    }
}
