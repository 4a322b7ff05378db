package io.radflow.inference.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Radflow as a hospital runs it, beside the inference service under test: the real Keycloak (realm
 * file), the packaged ingest-service and labeling-service started as processes ({@code java -jar
 * .../target/quarkus-app/quarkus-run.jar}, built earlier in the reactor) on the shared PostgreSQL and
 * Kafka, sharing one archive; and a real Orthanc as the hospital PACS, which knows Radflow as DICOM
 * modality {@code radflow} (ingest's AE title and port). The inference service reads series from the
 * labeling service's WADO-RS and stores results to ingest's STOW-RS, both with its client-credentials
 * token. Ports: system properties {@code radflow.test.pacs-*-port}.
 */
public class RadflowStackResource implements QuarkusTestResourceLifecycleManager {
    static final int INGEST_HTTP = Integer.getInteger("radflow.test.pacs-ingest-http-port", 28791);
    static final int INGEST_DICOM = Integer.getInteger("radflow.test.pacs-ingest-dicom-port", 21722);
    static final int LABELING_HTTP = Integer.getInteger("radflow.test.pacs-labeling-http-port", 28792);
    static final Path WORK = Path.of("target", "pacs-stack").toAbsolutePath();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final KeycloakResource KEYCLOAK = new KeycloakResource();

    private static Process ingest;
    private static Process labeling;
    private static OrthancPeer pacs;
    private static String secret;

    /** The hospital PACS. */
    static OrthancPeer pacs() {
        return pacs;
    }

    /** The labeling service's DICOMweb root (QIDO-RS, WADO-RS). */
    static String dicomWeb() {
        return "http://127.0.0.1:" + LABELING_HTTP + "/dicomweb";
    }

    @Override
    public Map<String, String> start() {
        try {
            DevStackResource.ensureStarted();
            Map<String, String> config = new HashMap<>(KEYCLOAK.start());
            secret = config.get("quarkus.oidc-client.credentials.secret");
            // a fresh archive and PACS each run (the database of the index is fresh too)
            if (Files.exists(WORK)) {
                try (var s = Files.walk(WORK)) {
                    s.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
            Files.createDirectories(WORK);
            startIngest();
            labeling = launch(
                    "labeling",
                    LABELING_HTTP,
                    List.of(
                            "-Dradflow.dicomweb.archive-root=" + WORK.resolve("archive"),
                            "-Dradflow.dicomweb.ingest-url=http://127.0.0.1:" + INGEST_HTTP));
            awaitReady("labeling", labeling, LABELING_HTTP);
            pacs = OrthancPeer.start(WORK.resolve("pacs"));
            // the PACS's destination "radflow": ingest's AE title and DICOM port
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pacs.httpPort + "/modalities/radflow"))
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"AET\": \"RADFLOW\", \"Host\": \"127.0.0.1\", \"Port\": " + INGEST_DICOM + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Orthanc refused the modality: " + r.statusCode() + " " + r.body());
            }
            config.put("radflow.inference.dicomweb.url", dicomWeb());
            config.put("radflow.inference.dicomweb.stow-url", "http://127.0.0.1:" + INGEST_HTTP + "/dicomweb");
            config.put("radflow.inference.dicomweb.service-token", "true");
            config.put(
                    "radflow.inference.model-dir",
                    Path.of("../models").toAbsolutePath().normalize().toString());
            // retries 1, 2, 4, … s: long enough for ingest to come back in the outage test
            config.put("radflow.inference.max-attempts", "8");
            config.put("radflow.inference.retry-backoff", "PT1S");
            return config;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(e);
        }
    }

    /** Starts ingest (again after {@link #stopIngest()}): the same ports, database and archive. */
    static void startIngest() throws Exception {
        ingest = launch(
                "ingest",
                INGEST_HTTP,
                List.of(
                        "-Dradflow.ingest.dicom.port=" + INGEST_DICOM,
                        "-Dradflow.ingest.archive.root=" + WORK.resolve("archive"),
                        "-Dradflow.ingest.archive.min-free-space=1M",
                        "-Dradflow.ingest.quiet-period=1S",
                        "-Dradflow.ingest.retrieve-base-url=" + dicomWeb()));
        awaitReady("ingest", ingest, INGEST_HTTP);
    }

    /** Stops ingest as an operator would (SIGTERM, its graceful stop). */
    static void stopIngest() throws InterruptedException {
        stop(ingest);
        ingest = null;
    }

    private static Process launch(String service, int port, List<String> options) throws IOException {
        Path root = Path.of(System.getProperty("radflow.root", "..")).toAbsolutePath();
        Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service + "-service first");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dradflow.db.port=" + DevStackResource.postgres().port(),
                "-Dradflow.kafka.bootstrap=" + DevStackResource.kafka().bootstrapServers(),
                "-Dquarkus.http.port=" + port,
                "-Dradflow.oidc.issuer=" + KeycloakResource.server().issuer()));
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        WORK.resolve(service + ".log").toFile()));
        // the service client's secret through the environment, never on a command line
        pb.environment().put("RADFLOW_SERVICES_CLIENT_SECRET", secret);
        return pb.start();
    }

    private static void awaitReady(String service, Process p, int port) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(180));
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(service + " exited, see " + WORK.resolve(service + ".log"));
            }
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(service + " not ready in 180 s, see " + WORK.resolve(service + ".log"));
            }
            Thread.sleep(250);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void stop() {
        try {
            stop(labeling);
            stop(ingest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pacs != null) {
            try {
                pacs.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        KEYCLOAK.stop();
    }
}
