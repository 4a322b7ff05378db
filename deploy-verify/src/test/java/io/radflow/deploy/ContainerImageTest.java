package io.radflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * The ingest image as Jib builds it, checked against what {@code ingest-service/Dockerfile} builds. No
 * registry, base image or Docker daemon is reachable here, so ingest-service's build writes the image as
 * a tar on an empty base ({@code jib:buildTar}, {@code from scratch}, phase pre-integration-test, skipped
 * with the ITs); the configuration under test is the root pom's, shared by all four services. The test
 * needs that tar: it is skipped when the tar is missing or older than the packaged application, except
 * in CI, where the reactor builds ingest-service first.
 */
class ContainerImageTest {
    static final Path INGEST = Path.of(System.getProperty("radflow.root", ".."))
            .resolve("ingest-service/target")
            .toAbsolutePath();
    static final Path TAR = INGEST.resolve("jib-image.tar");
    static final Path APP = INGEST.resolve("quarkus-app");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theIngestImageHasTheDockerfilesLayoutUserAndEntrypoint() throws IOException {
        boolean fresh = Files.exists(TAR)
                && Files.exists(APP.resolve("quarkus-run.jar"))
                && !Files.getLastModifiedTime(TAR)
                        .toInstant()
                        .isBefore(Files.getLastModifiedTime(APP.resolve("quarkus-run.jar"))
                                .toInstant());
        assumeTrue(
                fresh || "true".equals(System.getenv("CI")),
                TAR + " is missing or older than the application: ./mvnw verify -pl ingest-service builds it");
        assertThat(fresh).as(TAR + " built after the application").isTrue();

        Map<String, byte[]> files = new HashMap<>();
        try (var tar = new TarArchiveInputStream(Files.newInputStream(TAR))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                files.put(e.getName(), tar.readAllBytes());
            }
        }
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        JsonNode image = JSON.readTree(files.get(manifest.get("Config").asText()));
        JsonNode config = image.get("config");

        // as the Dockerfile: USER 185, WORKDIR /deployments, EXPOSE 8081 11112, the same ENTRYPOINT
        assertThat(config.get("User").asText()).isEqualTo("185");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(config.get("ExposedPorts").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("8081/tcp", "11112/tcp");
        assertThat(config.get("Env").toString()).contains("LC_ALL=C.UTF-8");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertThat(entrypoint).hasSize(3).startsWith("/bin/sh", "-c");
        assertThat(entrypoint.get(2).replaceAll("\\s+", " "))
                .isEqualTo("exec java -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
                        + " -Djava.util.logging.manager=org.jboss.logmanager.LogManager $JAVA_OPTS"
                        + " -jar /deployments/quarkus-run.jar");

        // Quarkus' jar folder (ingest: aot-jar) under /deployments, file for file, and nothing of Jib's plain-Java
        // layout (/app)
        List<String> layers = new ArrayList<>();
        image.get("history").forEach(h -> layers.add(h.get("comment").asText()));
        assertThat(layers).containsExactly("extra files", "quarkus libraries", "radflow modules");
        Set<String> inImage = new TreeSet<>();
        for (JsonNode layer : manifest.get("Layers")) {
            try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(files.get(layer.asText())));
                    var tar = new TarArchiveInputStream(gz)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        inImage.add("/" + e.getName());
                    }
                }
            }
        }
        Set<String> jarFolder = new TreeSet<>();
        try (Stream<Path> s = Files.walk(APP)) {
            s.filter(Files::isRegularFile).forEach(f -> jarFolder.add("/deployments/" + APP.relativize(f)));
        }
        assertThat(jarFolder).contains("/deployments/quarkus-run.jar", "/deployments/quarkus/quarkus-application.dat");
        assertThat(inImage).isEqualTo(jarFolder);
    }
}
