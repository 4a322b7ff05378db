package io.radflow.testsupport;

import io.radflow.devstack.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real S3 API server (s3proxy, {@link S3ProxyServer}) started once per test JVM on a loopback port that
 * does not clash with a running local stack ({@value #DEFAULT_PORT}; system property {@code
 * radflow.test.s3-port}), its buckets under the module's {@code target/devstack/s3proxy}, wiped at the first
 * start. Stops when the JVM exits. {@link #archiveProperties} gives a service the settings of an S3 archive
 * in a bucket of its own.
 */
public final class S3ProxyResource {
    public static final int DEFAULT_PORT = 28333;
    public static final String ACCESS_KEY = "radflow-test";
    /** A throw-away secret of the test server, never a real credential. */
    public static final String SECRET_KEY = "radflow-test-secret-key";

    private static S3ProxyServer server;

    private S3ProxyResource() {}

    /** The shared server, started if this JVM has not yet. */
    public static synchronized S3ProxyServer server() {
        if (server == null) {
            S3ProxyServer s = new S3ProxyServer(
                    S3ProxyServer.defaultJar(),
                    Path.of("target", "devstack", "s3proxy").toAbsolutePath(),
                    Integer.getInteger("radflow.test.s3-port", DEFAULT_PORT),
                    ACCESS_KEY,
                    SECRET_KEY,
                    true);
            try {
                s.start();
            } catch (IOException e) {
                s.close();
                throw new UncheckedIOException(e);
            }
            server = s;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        if (!server.isRunning()) {
            try {
                server.start(); // a test stopped it to play an outage
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /**
     * Configuration keys ({@code radflow.archive.*}) of an S3 archive in {@code bucket} of the shared server,
     * created on first use.
     */
    public static Map<String, String> archiveProperties(String bucket) {
        S3ProxyServer s = server();
        return Map.of(
                "radflow.archive.type",
                "s3",
                "radflow.archive.s3.endpoint",
                s.endpoint(),
                "radflow.archive.s3.bucket",
                bucket,
                "radflow.archive.s3.path-style",
                "true",
                "radflow.archive.s3.access-key-id",
                ACCESS_KEY,
                "radflow.archive.s3.secret-access-key",
                SECRET_KEY,
                "radflow.archive.s3.create-bucket",
                "true");
    }
}
