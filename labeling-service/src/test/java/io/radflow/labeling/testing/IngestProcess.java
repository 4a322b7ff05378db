package io.radflow.labeling.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real, packaged ingest-service as a process ({@code java -jar
 * ingest-service/target/quarkus-app/quarkus-run.jar}) on the test PostgreSQL and Kafka, writing the
 * archive the labeling service under test reads, trusting the real Keycloak of {@link KeycloakResource}.
 * Its HTTP port is {@value #DEFAULT_HTTP} (property {@code radflow.test.stow-ingest-http-port}), the
 * port the end-to-end profiles point {@code radflow.dicomweb.ingest-url} at.
 */
public final class IngestProcess {
    public static final int DEFAULT_HTTP = 28781;
    public static final int HTTP = Integer.getInteger("radflow.test.stow-ingest-http-port", DEFAULT_HTTP);
    public static final int DICOM = Integer.getInteger("radflow.test.stow-ingest-dicom-port", 21712);

    private final Process process;
    private final Path log;

    private IngestProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts ingest with {@code extra} system properties, its output in {@code target/<logName>}. */
    public static IngestProcess start(String logName, String... extra) throws IOException {
        return start(logName, List.of(), extra);
    }

    /** Starts ingest with the system properties {@code options} and {@code extra}, its output in {@code target/<logName>}. */
    public static IngestProcess start(String logName, List<String> options, String... extra) throws IOException {
        DevStackResource.ensureStarted();
        Path root = Path.of(System.getProperty("radflow.root", "..")).toAbsolutePath();
        Path jar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Files.createDirectories(Path.of("target"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dradflow.db.port=" + DevStackResource.postgres().port(),
                "-Dradflow.kafka.bootstrap=" + DevStackResource.kafka().bootstrapServers(),
                "-Dquarkus.http.port=" + HTTP,
                "-Dradflow.ingest.dicom.port=" + DICOM,
                "-Dradflow.ingest.archive.root=" + IndexFixture.archiveRoot(),
                "-Dradflow.ingest.archive.min-free-space=1M",
                "-Dradflow.ingest.quiet-period=1S",
                "-Dradflow.ingest.retrieve-base-url=" + Http.DICOMWEB,
                // ingest validates tokens of the same Keycloak realm
                "-Dradflow.oidc.issuer=" + KeycloakResource.server().issuer()));
        cmd.addAll(options);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-jar", jar.toString()));
        Path log = Path.of("target", logName);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("ingest running, see " + log).isTrue();
            try (Socket s = new Socket("127.0.0.1", HTTP)) {
                return true;
            }
        });
        return new IngestProcess(p, log);
    }

    /** The process's output so far. */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** Stops ingest (gracefully, then forcibly). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
