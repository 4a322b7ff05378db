package io.radflow.inference.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged inference-service ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a process
 * on the test PostgreSQL and Kafka, reading from and storing into an Orthanc (no service token), with a
 * study-events topic, a consumer group and a database schema of the test's own: a service of an earlier
 * test class in this JVM (PacsToResultsIT's, which Quarkus keeps running) consumes {@code
 * radflow.study-events}, and its workers claim jobs from schema {@code inference} — they would run this
 * test's jobs against their own (stopped) DICOMweb source.
 */
final class InferenceProcess {
    private InferenceProcess() {}

    /** Starts one and waits until it listens; its output goes to {@code log}. */
    static Process start(
            int port, Path log, OrthancPeer orthanc, String topic, String group, String schema, String... extra)
            throws Exception {
        String db = "127.0.0.1:" + DevStackResource.postgres().port() + "/radflow";
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(TestTokens.serviceJvmOptions());
        cmd.addAll(List.of(
                "-Dradflow.db.port=" + DevStackResource.postgres().port(),
                "-Dradflow.kafka.bootstrap=" + DevStackResource.kafka().bootstrapServers(),
                "-Dquarkus.http.port=" + port,
                "-Dradflow.inference.model-dir="
                        + Path.of("../models").toAbsolutePath().normalize(),
                "-Dradflow.inference.dicomweb.url=" + orthanc.dicomWebRoot(),
                "-Dradflow.inference.dicomweb.stow-url=" + orthanc.dicomWebRoot(),
                "-Dradflow.inference.dicomweb.service-token=false",
                "-Dradflow.inference.consumer-group=" + group,
                "-Dradflow.inference.study-events-topic=" + topic,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + db + "?currentSchema=" + schema,
                "-Dquarkus.datasource.reactive.url=postgresql://" + db + "?search_path=" + schema,
                "-Dquarkus.flyway.schemas=" + schema,
                "-Dquarkus.flyway.default-schema=" + schema,
                "-Dquarkus.hibernate-orm.database.default-schema=" + schema));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-jar", jar.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
        return p;
    }
}
