package io.radflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.dicom.testing.OrthancPeer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Radflow as a hospital runs it, beside the service under test: the real Keycloak (realm file), the
 * packaged ingest-service and labeling-service (and, for a service downstream of it, the
 * inference-service) started as processes ({@code java -jar .../target/quarkus-app/quarkus-run.jar},
 * built earlier in the reactor) on the shared PostgreSQL and Kafka, sharing one archive; and a real
 * Orthanc as the hospital PACS, which knows Radflow as DICOM modality {@code radflow} (ingest's AE
 * title and port). Subclasses name the processes ({@link #withInference()}) and the service's own
 * configuration ({@link #serviceConfig()}): typically its DICOMweb source ({@link #dicomWeb()}) and
 * STOW-RS target ({@link #stowUrl()}), used with its client-credentials token. Ports: system
 * properties {@code radflow.test.pacs-*-port}. Logs under {@code target/pacs-stack}.
 */
public abstract class RadflowStackResource implements QuarkusTestResourceLifecycleManager {
    static final int INGEST_HTTP = Integer.getInteger("radflow.test.pacs-ingest-http-port", 28791);
    static final int INGEST_DICOM = Integer.getInteger("radflow.test.pacs-ingest-dicom-port", 21722);
    static final int LABELING_HTTP = Integer.getInteger("radflow.test.pacs-labeling-http-port", 28792);
    static final int INFERENCE_HTTP = Integer.getInteger("radflow.test.pacs-inference-http-port", 28793);
    static final Path WORK = Path.of("target", "pacs-stack").toAbsolutePath();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final KeycloakResource KEYCLOAK = new KeycloakResource();

    private static Process ingest;
    private static Process labeling;
    private static Process inference;
    private static OrthancPeer pacs;
    private static String secret;

    /** The hospital PACS. */
    public static OrthancPeer pacs() {
        return pacs;
    }

    /** The labeling service's DICOMweb root (QIDO-RS, WADO-RS). */
    public static String dicomWeb() {
        return "http://127.0.0.1:" + LABELING_HTTP + "/dicomweb";
    }

    /** Ingest's STOW-RS root. */
    public static String stowUrl() {
        return "http://127.0.0.1:" + INGEST_HTTP + "/dicomweb";
    }

    /**
     * A study as a hospital sends it: its files are stored into the PACS (C-STORE), and the PACS is
     * asked to send the study to Radflow (Orthanc {@code /modalities/radflow/store}: C-STORE to
     * ingest); returns when the PACS reports every instance sent.
     */
    public static void forward(List<Path> files, String studyInstanceUid) throws Exception {
        var scu = new io.radflow.dicom.net.StoreSCU(
                new io.radflow.dicom.net.ApplicationEntity("MODALITY"),
                new io.radflow.dicom.net.Connection("127.0.0.1", pacs.dicomPort),
                "ORTHANC");
        for (var r : scu.send(io.radflow.dicom.net.StoreSCU.scan(files), 1)) {
            if (r.status() != 0) {
                throw new IllegalStateException(
                        "the PACS refused " + r.instance().file() + ": " + r.error());
            }
        }
        String base = "http://127.0.0.1:" + pacs.httpPort;
        HttpResponse<String> lookup = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/tools/lookup"))
                        .POST(HttpRequest.BodyPublishers.ofString(studyInstanceUid))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = io.radflow.events.StudyEvents.mapper()
                .readTree(lookup.body())
                .path(0)
                .path("ID")
                .asText();
        HttpResponse<String> sent = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/modalities/radflow/store"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"Resources\": [\"" + id + "\"], \"Synchronous\": true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() != 200
                || io.radflow.events.StudyEvents.mapper()
                                .readTree(sent.body())
                                .path("FailedInstancesCount")
                                .asInt()
                        != 0) {
            throw new IllegalStateException(
                    "the PACS could not send study " + studyInstanceUid + ": " + sent.statusCode() + " " + sent.body());
        }
    }

    /** Whether the packaged inference-service runs too (for services that consume its events). */
    protected boolean withInference() {
        return false;
    }

    /** Extra options of the labeling service's JVM (e.g. where its web app finds quantification). */
    protected List<String> labelingOptions() {
        return List.of();
    }

    /** The labeling service's origin (its web app at {@code /label/}, OHIF at {@code /viewer/}). */
    public static String labelingOrigin() {
        return "http://127.0.0.1:" + LABELING_HTTP;
    }

    /** The configuration of the service under test (besides Keycloak's). */
    protected abstract Map<String, String> serviceConfig();

    /** The committed demo models. */
    public static String modelDir() {
        return Path.of(System.getProperty("radflow.root", ".."))
                .resolve("models")
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    @Override
    public Map<String, String> start() {
        try {
            DevStackResource.ensureStarted();
            // the browser clients' redirect URIs (realm file) name the labeling port: the stack's
            System.setProperty("radflow.test.keycloak-labeling-port", String.valueOf(LABELING_HTTP));
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
            List<String> labelingOptions = new ArrayList<>(List.of(
                    "-Dradflow.dicomweb.archive-root=" + WORK.resolve("archive"),
                    "-Dradflow.dicomweb.ingest-url=http://127.0.0.1:" + INGEST_HTTP));
            labelingOptions.addAll(labelingOptions());
            labeling = launch("labeling", LABELING_HTTP, labelingOptions);
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
            if (withInference()) {
                inference = launch(
                        "inference",
                        INFERENCE_HTTP,
                        List.of(
                                "-Xmx1g",
                                "--enable-native-access=ALL-UNNAMED",
                                "-Dradflow.inference.model-dir=" + modelDir(),
                                "-Dradflow.inference.dicomweb.url=" + dicomWeb(),
                                "-Dradflow.inference.dicomweb.stow-url=" + stowUrl()));
                awaitReady("inference", inference, INFERENCE_HTTP);
            }
            config.putAll(serviceConfig());
            return config;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(e);
        }
    }

    /** Starts ingest (again after {@link #stopIngest()}): the same ports, database and archive. */
    public static void startIngest() throws Exception {
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
    public static void stopIngest() throws InterruptedException {
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

    private static void awaitReady(String service, Process p, int port) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build();
        org.awaitility.Awaitility.await(service + " ready, see " + WORK.resolve(service + ".log"))
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(service + " exited, see " + WORK.resolve(service + ".log"));
                    }
                    try {
                        return HTTP.send(ready, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false; // not listening yet
                    }
                });
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
            stop(inference);
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
        System.clearProperty("radflow.test.keycloak-labeling-port");
    }
}
