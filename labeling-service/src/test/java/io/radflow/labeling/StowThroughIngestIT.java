package io.radflow.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IndexFixture;
import io.radflow.labeling.testing.IngestProcess;
import io.radflow.labeling.testing.RealKeycloakProfile;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.S3ProxyResource;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STOW-RS end to end and secured: a demo annotator gets a token from the real Keycloak (started from
 * the Maven artifact with the realm file, {@link KeycloakResource}) by password grant and sends a
 * multipart/related request to the labeling service's {@code /dicomweb/studies}; labeling forwards it
 * to the real, packaged ingest-service (started here as a process, {@code java -jar
 * ingest-service/target/quarkus-app/quarkus-run.jar}, trusting the same Keycloak) with its own
 * client-credentials token of {@code radflow-services} (proven from ingest's access log: issuer,
 * client, not the caller's token); ingest archives and indexes the instances; the PS3.18 response
 * comes back, and the labeling service's QIDO-RS and WADO-RS then find every stored instance in the
 * archive they share. Ingest refuses the annotator's own token (STOW-RS there needs {@code pacs} or
 * {@code admin}), so only the service token could have stored the study.
 *
 * <p>The archive they share here is an <b>S3 bucket</b> (a real s3proxy, {@link S3ProxyResource}): ingest
 * uploads each instance (Content-MD5 verified by the server) and labeling serves WADO-RS instances and frames
 * from its local read cache of the bucket, byte for byte what was sent; nothing is written to a shared
 * folder. (The filesystem archive is what the other labeling tests read.)
 */
@QuarkusTest
@TestProfile(StowThroughIngestIT.Profile.class)
class StowThroughIngestIT {
    static final int INGEST_HTTP = IngestProcess.HTTP;
    static final int SLICES = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    static IngestProcess ingest;

    /**
     * Labeling forwards STOW-RS to the ingest process and reads the archive it writes; tokens come from
     * the real Keycloak (not the global test resource's stand-in).
     */
    public static class Profile extends RealKeycloakProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> props = new HashMap<>(S3ProxyResource.archiveProperties(BUCKET));
            props.put("radflow.dicomweb.ingest-url", "http://127.0.0.1:" + INGEST_HTTP);
            props.put(
                    "radflow.dicomweb.archive-root", IndexFixture.archiveRoot().toString());
            props.put("radflow.dicomweb.archive-cache", CACHE.toString());
            return props;
        }
    }

    static final String BUCKET = "labeling-stow";

    /** The ingest process's options for the bucket of {@link Profile} (shared by the ITs of that profile). */
    static List<String> s3IngestOptions() {
        List<String> args = new ArrayList<>();
        S3ProxyResource.archiveProperties(BUCKET).forEach((k, v) -> args.add("-D" + k + "=" + v));
        args.add("-Dradflow.ingest.archive.staging="
                + Path.of("target", "stow-s3-staging").toAbsolutePath());
        return args;
    }

    static final Path CACHE = Path.of("target", "stow-s3-cache").toAbsolutePath();

    @BeforeAll
    static void startIngest() throws Exception {
        ingest = IngestProcess.start(
                "stow-ingest.log",
                s3IngestOptions(),
                // the access log shows what labeling sent (test only: it prints the bearer token)
                "-Dquarkus.http.access-log.enabled=true",
                "-Dquarkus.http.access-log.pattern=STOW-ACCESS %m %U %s user=%{i,X-Forwarded-User} auth=%{i,Authorization}");
    }

    @AfterAll
    static void stopIngest() throws InterruptedException {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void stowThroughLabelingIsArchivedByIngestAndServedBack() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data"));
        GroundTruth g = TestStudies.abdominalCt(781, SLICES).writeTo(Files.createTempDirectory(dir, "stow-"));
        String study = g.info().studyInstanceUid();
        String series = g.series().get(0).seriesInstanceUid();
        List<String> sops = g.series().get(0).sopInstanceUids();
        assertThat(sops).hasSize(SLICES);
        // a filesystem archive of an earlier run may hold this study: this run's archive is the bucket
        try (var leftOver =
                Files.walk(Files.createDirectories(IndexFixture.archiveRoot().resolve(study)))) {
            for (Path f : leftOver.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartWriter mw = new MultipartWriter(body);
        for (int i = 0; i < SLICES; i++) {
            byte[] b = Files.readAllBytes(g.file(i));
            mw.writePart(PartHeaders.contentType("application/dicom"), b, 0, b.length);
        }
        mw.finish();
        String caller = KeycloakResource.passwordToken("annotator", "annotator");
        HttpRequest req = HttpRequest.newBuilder(URI.create(Http.DICOMWEB + "/studies"))
                .header("Authorization", "Bearer " + caller)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + mw.boundary())
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());

        // PS3.18 10.5.3: 200, every instance in ReferencedSOPSequence with its RetrieveURL
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rsp = JSON.readTree(r.body());
        assertThat(rsp.path("00081190").path("Value").get(0).asText()).isEqualTo(Http.DICOMWEB + "/studies/" + study);
        assertThat(rsp.has("00081198")).as("no FailedSOPSequence").isFalse();
        List<String> referenced = new ArrayList<>();
        for (JsonNode item : rsp.path("00081199").path("Value")) {
            referenced.add(item.path("00081155").path("Value").get(0).asText());
            assertThat(item.path("00081190").path("Value").get(0).asText()).contains(study);
        }
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(sops);

        // ingest received labeling's client-credentials token of radflow-services, not the caller's
        String line =
                await().atMost(Duration.ofSeconds(30)).until(() -> accessLogLine("/dicomweb/studies"), l -> l != null);
        assertThat(line).contains(" 200 ").contains("user=annotator");
        String sent = line.replaceAll(".*auth=Bearer (\\S+).*", "$1");
        assertThat(sent).isNotEqualTo(caller);
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(sent.split("\\.")[1]));
        assertThat(claims.path("iss").asText())
                .isEqualTo(KeycloakResource.server().issuer());
        assertThat(claims.path("azp").asText()).isEqualTo("radflow-services");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("\"admin\"", "\"pacs\"");

        // ingest itself refuses the annotator's token (STOW-RS needs pacs or admin): only the forward with
        // the service token could have stored the study
        HttpRequest direct = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + INGEST_HTTP + "/dicomweb/studies"))
                .header("Authorization", "Bearer " + caller)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + mw.boundary())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        assertThat(HttpClient.newHttpClient()
                        .send(direct, HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(403);

        // QIDO-RS at the labeling service sees every instance ingest archived
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<byte[]> q = Http.get(
                    "/studies/" + study + "/instances",
                    "Accept",
                    "application/dicom+json",
                    "Authorization",
                    "Bearer " + caller);
            assertThat(q.statusCode()).isEqualTo(200);
            List<String> found = new ArrayList<>();
            for (JsonNode i : JSON.readTree(q.body())) {
                found.add(i.path("00080018").path("Value").get(0).asText());
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(sops);
        });

        // WADO-RS metadata of one instance, read from the shared archive
        String sop = sops.get(1);
        HttpResponse<byte[]> m = Http.get(
                "/studies/" + study + "/series/" + series + "/instances/" + sop + "/metadata",
                "Accept",
                "application/dicom+json",
                "Authorization",
                "Bearer " + caller);
        assertThat(m.statusCode()).isEqualTo(200);
        JsonNode md = JSON.readTree(m.body()).get(0);
        assertThat(md.path("00080018").path("Value").get(0).asText()).isEqualTo(sop);
        assertThat(md.path("0020000D").path("Value").get(0).asText()).isEqualTo(study);
        assertThat(md.path("00200013").path("Value").get(0).asInt()).isEqualTo(2);

        // the instance is an object in the bucket, not a file in a shared folder
        Path object = S3ProxyResource.server()
                .bucketsDir()
                .resolve(BUCKET)
                .resolve(study + "/" + series + "/" + sop + ".dcm");
        assertThat(object).exists();
        // ingest writes its own File Meta Information (PS3.10 7.1: the receiver's); the data set is the one sent
        assertThat(dataset(object)).isEqualTo(dataset(g.file(1)));
        assertThat(IndexFixture.archiveRoot().resolve(study)).doesNotExist();

        // WADO-RS instance as stored: the archived Part 10 file, read through labeling's cache
        HttpResponse<byte[]> inst = Http.get(
                "/studies/" + study + "/series/" + series + "/instances/" + sop,
                "Accept",
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*",
                "Authorization",
                "Bearer " + caller);
        assertThat(inst.statusCode()).isEqualTo(200);
        assertThat(indexOf(inst.body(), Files.readAllBytes(object)))
                .as("the archived file in the response")
                .isPositive();
        try (var cached = Files.walk(CACHE)) {
            assertThat(cached.filter(f -> f.getFileName().toString().startsWith(sop + ".")))
                    .as("fetched once into the read cache")
                    .hasSize(1);
        }
        // a frame of another instance: its pixel bytes, fetched on demand
        String other = sops.get(2);
        HttpResponse<byte[]> frame = Http.get(
                "/studies/" + study + "/series/" + series + "/instances/" + other + "/frames/1",
                "Accept",
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*",
                "Authorization",
                "Bearer " + caller);
        assertThat(frame.statusCode()).isEqualTo(200);
        byte[] pixels;
        try (var in = new io.radflow.dicom.io.DicomInputStream(g.file(2))) {
            in.readFileMetaInformation();
            var ds = in.readDataset();
            pixels = io.radflow.dicom.image.PixelData.of(ds, in.getTransferSyntax())
                    .decodedFrame(0);
        }
        assertThat(indexOf(frame.body(), pixels))
                .as("the frame's pixels in the response")
                .isPositive();
    }

    private static io.radflow.dicom.data.Attributes dataset(Path file) throws java.io.IOException {
        try (var in = new io.radflow.dicom.io.DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    /** Where {@code part} starts in {@code whole}, or -1. */
    private static int indexOf(byte[] whole, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= whole.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (whole[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The last line of ingest's access log for a POST to {@code path}, or null. */
    private static String accessLogLine(String path) throws java.io.IOException {
        String last = null;
        for (String l : ingest.logLines()) {
            if (l.contains("STOW-ACCESS POST " + path + " ")) {
                last = l;
            }
        }
        return last;
    }
}
