package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.assertArchivedEqual;
import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.dicomParts;
import static io.radflow.ingest.IngestTestSupport.events;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.post;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.radflow.ingest.IngestTestSupport.stow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.events.StudyEvent;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STOW-RS into the ingest service: PS3.18 responses and status codes, validation failures. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class StowIngestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource ds;

    @Test
    void wholeStudyInOneRequestIsStoredAndAnnouncedOnce() throws Exception {
        GroundTruth g = IngestTestSupport.study(201, 20);
        List<Path> files = files(g.dir());
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        double requestsBefore = stageCount("stow-request");
        double receivesBefore = stageCount("receive");

        HttpResponse<String> rsp = stow("/dicomweb/studies", dicomParts(files));
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);
        // per-stage latency for operators: one request, each of its instances received
        assertThat(stageCount("stow-request") - requestsBefore).isEqualTo(1);
        assertThat(stageCount("stow-await")).isGreaterThanOrEqualTo(1);
        assertThat(stageCount("receive") - receivesBefore).isGreaterThanOrEqualTo(files.size());
        assertThat(rsp.headers().firstValue("Content-Type").orElse("")).startsWith("application/dicom+json");
        JsonNode body = JSON.readTree(rsp.body());
        assertThat(body.at("/00081190/Value/0").asText()).endsWith("/studies/" + study);
        JsonNode refs = body.at("/00081199/Value");
        assertThat(refs.size()).isEqualTo(files.size());
        assertThat(refs.get(0).at("/00081190/Value/0").asText()).contains("/studies/" + study + "/series/");
        assertThat(body.has("00081198")).isFalse();

        for (Path f : files) {
            assertArchivedEqual(ds, f);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !events(DevStackResource.kafka().bootstrapServers(), study)
                        .isEmpty());
        var evs = events(DevStackResource.kafka().bootstrapServers(), study);
        assertThat(evs).hasSize(1);
        assertThat(((StudyEvent) evs.get(0).payload()).numberOfInstances()).isEqualTo(files.size());
    }

    /** The number of timings of an ingest stage in {@code /q/metrics} (0 before the first). */
    private static double stageCount(String stage) {
        String metrics = io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var m = java.util.regex.Pattern.compile(
                        "(?m)^radflow_ingest_stage_seconds_count\\{[^}]*stage=\"" + stage + "\"[^}]*} ([0-9.E+]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * The body stream reads ahead of the parser (RequestBodyStream): the same multi-part body over an
     * HTTP/2 upgrade (h2c, where Vert.x refuses a fetch once the body has been read) and over HTTP/1.1
     * with {@code Expect: 100-continue} (the client sends the body only after the interim response).
     */
    @Test
    void bodyOverHttp2AndAfter100ContinueIsStoredWhole() throws Exception {
        List<Path> files = files(IngestTestSupport.study(205, 6).dir());
        for (int round = 0; round < 2; round++) {
            List<Path> batch = files.subList(round * 3, round * 3 + 3);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String boundary;
            try (MultipartWriter w = new MultipartWriter(body)) {
                boundary = w.boundary();
                for (Map.Entry<String, byte[]> p : dicomParts(batch)) {
                    w.writePart(p.getKey(), p.getValue());
                }
                w.finish();
            }
            HttpClient http = HttpClient.newBuilder()
                    .version(round == 0 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .build();
            HttpResponse<String> rsp = http.send(
                    HttpRequest.newBuilder(URI.create(IngestTestSupport.HTTP + "/dicomweb/studies"))
                            .header("Authorization", "Bearer " + IngestTestSupport.pacsToken())
                            .header(
                                    "Content-Type",
                                    "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                            .expectContinue(round == 1)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);
            assertThat(JSON.readTree(rsp.body()).at("/00081199/Value").size()).isEqualTo(3);
            for (Path f : batch) {
                assertArchivedEqual(ds, f);
            }
        }
    }

    @Test
    void corruptAndNonDicomPartsFailAmongGoodOnes() throws Exception {
        GroundTruth g = IngestTestSupport.study(202, 3);
        List<Path> files = files(g.dir()).subList(0, 3);
        byte[] good = Files.readAllBytes(files.get(1));
        byte[] corrupt = Arrays.copyOf(good, good.length / 3); // truncated inside the pixel data
        List<Map.Entry<String, byte[]>> parts = new ArrayList<>(dicomParts(List.of(files.get(0), files.get(2))));
        parts.add(1, Map.entry("application/dicom", corrupt));
        parts.add(Map.entry("text/plain", "not DICOM".getBytes()));
        parts.add(Map.entry("application/dicom", "not DICOM either".getBytes()));

        HttpResponse<String> rsp = stow("/dicomweb/studies", parts);
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(rsp.body());
        assertThat(body.at("/00081199/Value").size()).isEqualTo(2);
        JsonNode failed = body.at("/00081198/Value");
        assertThat(failed.size()).isEqualTo(3);
        String corruptIuid = read(files.get(1)).getString(Tag.SOPInstanceUID);
        assertThat(failed.get(0).at("/00081155/Value/0").asText()).isEqualTo(corruptIuid);
        assertThat(failed.get(0).at("/00081197/Value/0").asInt()).isEqualTo(0xC000);
        assertThat(failed.get(1).at("/00081197/Value/0").asInt()).isEqualTo(0xC000);
        assertThat(failed.get(2).at("/00081197/Value/0").asInt()).isEqualTo(0xC000);
        assertThat(count(ds, "SELECT count(*) FROM ingest.instance WHERE sop_iuid = '" + corruptIuid + "'"))
                .isZero();
        assertArchivedEqual(ds, files.get(0));
        assertArchivedEqual(ds, files.get(2));
        try (var s = Files.list(IngestTestSupport.ARCHIVE.resolve(".incoming"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".part")).count())
                    .as(".part left-overs")
                    .isZero();
        }
    }

    @Test
    void wrongStudyInstanceUIDInTheUrlFailsEveryInstance() throws Exception {
        GroundTruth g = IngestTestSupport.study(203, 2);
        List<Path> files = files(g.dir()).subList(0, 2);
        HttpResponse<String> rsp = stow("/dicomweb/studies/1.2.3.4", dicomParts(files));
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(409);
        JsonNode failed = JSON.readTree(rsp.body()).at("/00081198/Value");
        assertThat(failed.size()).isEqualTo(2);
        assertThat(failed.get(0).at("/00081197/Value/0").asInt()).isEqualTo(0xA900);

        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        HttpResponse<String> ok = stow("/dicomweb/studies/" + study, dicomParts(files));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    /**
     * A request refused for its headers is answered before its body is asked for: with {@code Expect:
     * 100-continue} the client gets the 415 instead of an interim 100 and never uploads the body.
     */
    @Test
    void refusedRequestIsAnsweredWithoutAskingForTheBody() throws Exception {
        URI http = URI.create(IngestTestSupport.HTTP);
        try (var socket = new java.net.Socket(http.getHost(), http.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /dicomweb/studies HTTP/1.1\r\nHost: " + http.getAuthority() + "\r\n"
                    + "Authorization: Bearer " + IngestTestSupport.pacsToken() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50000000\r\n"
                    + "Expect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 415");
        }
    }

    @Test
    void badRequestsGet4xx() throws Exception {
        assertThat(post("/dicomweb/studies", "application/json", "{}".getBytes())
                        .statusCode())
                .isEqualTo(415);
        assertThat(post(
                                "/dicomweb/studies",
                                "multipart/related; type=\"application/dicom+xml\"; boundary=x",
                                "--x--".getBytes())
                        .statusCode())
                .isEqualTo(415);
        assertThat(post("/dicomweb/studies", "multipart/related; type=\"application/dicom\"", new byte[0])
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                "/dicomweb/studies",
                                "multipart/related; type=\"application/dicom\"; boundary=abc",
                                "garbage without boundary".getBytes())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                "/dicomweb/studies/1.02.x",
                                "multipart/related; type=\"application/dicom\"; boundary=abc",
                                new byte[0])
                        .statusCode())
                .isEqualTo(400);
    }
}
