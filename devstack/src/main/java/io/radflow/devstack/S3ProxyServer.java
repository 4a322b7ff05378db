package io.radflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 API server: <a href="https://github.com/gaul/s3proxy">s3proxy</a> ({@code org.gaul:s3proxy},
 * copied to {@code devstack/target/s3proxy/s3proxy.jar}) with its filesystem backend, in its own JVM,
 * listening on 127.0.0.1 only, with AWS signature v2/v4 authentication by one access key. Buckets are
 * folders under {@code <data>/buckets}, which survive restarts unless {@code clean} is asked for. Used
 * by the tests of the S3 archive store and by {@code deploy/local/up.sh} when {@code RADFLOW_ARCHIVE_TYPE=s3}.
 */
public final class S3ProxyServer implements AutoCloseable {
    private final Path jar;
    private final Path dataDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private boolean clean;
    private Process process;

    public S3ProxyServer(Path jar, Path dataDir, int port, String accessKey, String secretKey, boolean clean) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.clean = clean;
    }

    /** The s3proxy jar next to the devstack jar or classes ({@code devstack/target/s3proxy/s3proxy.jar}). */
    public static Path defaultJar() {
        return KafkaBroker.defaultLibs().resolveSibling("s3proxy").resolve("s3proxy.jar");
    }

    /** The endpoint URL, {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://" + Net.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The access key id clients sign with. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key clients sign with. */
    public String secretKey() {
        return secretKey;
    }

    /** Where the buckets are (one folder each; objects are files under their keys). */
    public Path bucketsDir() {
        return dataDir.resolve("buckets");
    }

    /** Starts the server and waits until it answers HTTP. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException(
                    "s3proxy not found at " + jar + ": build devstack first (./mvnw -pl devstack package)");
        }
        Path pidFile = dataDir.resolve("s3proxy.pid");
        Processes.killStale(pidFile);
        if (clean) {
            Processes.deleteTree(dataDir);
            clean = false; // a later restart keeps the objects, as a real restart would
        }
        Files.createDirectories(bucketsDir());
        if (Net.isOpen(port)) {
            throw new IOException("s3proxy: port " + port + " on 127.0.0.1 is already in use");
        }
        Path config = dataDir.resolve("s3proxy.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint(),
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=filesystem-nio2",
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey,
                        "jclouds.filesystem.basedir=" + bucketsDir().toAbsolutePath(),
                        ""));
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Processes.javaExecutable(),
                "-Xms32m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-DLOG_LEVEL=warn",
                "-DJETTY_LOG_LEVEL=warn",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--properties",
                config.toAbsolutePath().toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("s3proxy.log").toFile()));
        process = pb.start();
        Processes.writePid(pidFile, process.pid());
        Process p = process;
        // any HTTP answer (403 to an unsigned request) means it serves
        Net.await(
                "s3proxy on " + endpoint(),
                Duration.ofSeconds(60),
                p::isAlive,
                () -> Net.httpStatus(endpoint() + "/") > 0);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server without warning (SIGKILL), as a crashed or unreachable object store. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops the server and waits for its JVM to exit. */
    @Override
    public synchronized void close() {
        if (process != null) {
            Processes.stop(process.toHandle(), 20);
            process = null;
        }
    }
}
