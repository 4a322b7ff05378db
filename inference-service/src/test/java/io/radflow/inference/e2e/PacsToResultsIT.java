package io.radflow.inference.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvents;
import io.radflow.inference.pipeline.ChestCtModelEvaluationTest;
import io.radflow.inference.pipeline.PipelinesTest;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.RadflowStackResource;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Radflow next to a hospital PACS, the whole way: a real Orthanc (the PACS) forwards synthetic
 * studies by C-STORE to the packaged ingest-service, which archives them and announces them on Kafka;
 * the inference service under test routes each to its pipeline, reads the series from the packaged
 * labeling-service's WADO-RS and stores SEG and SR by STOW-RS to ingest, with its Keycloak service
 * token. Checked as a user would: the results are found by QIDO-RS at the labeling service, each
 * passes dciodvfy, the per-patient calls in the stored reports match the ground truth (chest CT with
 * and without lesions, a radiograph with each finding and a normal one, the L3 slice of an abdominal
 * CT), and a real Kafka consumer sees one completed event per study; ingest's later "updated" events
 * (our own results arriving) start no second job. Then ingest goes down while a job stores its
 * results: the job waits for its retries, readiness says why, and once ingest is back the results
 * are stored once and nothing is lost.
 */
@QuarkusTest
@TestProfile(PacsToResultsIT.Profile.class)
class PacsToResultsIT {
    private static final Duration MAX = Duration.ofSeconds(300);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The real Keycloak, ingest, labeling and the PACS; none of the module's Orthanc-archive set-up. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DevStackResource.class), new TestResourceEntry(Stack.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** The inference service reads from labeling and stores to ingest, with its token; quick retries. */
    public static class Stack extends RadflowStackResource {
        @Override
        protected Map<String, String> serviceConfig() {
            return Map.of(
                    "radflow.inference.dicomweb.url",
                    dicomWeb(),
                    "radflow.inference.dicomweb.stow-url",
                    stowUrl(),
                    "radflow.inference.dicomweb.service-token",
                    "true",
                    "radflow.inference.model-dir",
                    modelDir(),
                    // retries 1, 2, 4, … s: long enough for ingest to come back in the outage test
                    "radflow.inference.max-attempts",
                    "8",
                    "radflow.inference.retry-backoff",
                    "PT1S");
        }
    }

    @TempDir
    static Path tmp;

    /** A study sent by the PACS and what its result must say. */
    record Case(String name, GroundTruth truth, String pipeline, Boolean positive, Finding finding) {}

    @Test
    void studiesForwardedByThePacsGetTheirResultsOnce() throws Exception {
        List<Case> cases = new ArrayList<>();
        // seeds of the held-out evaluation set (ChestCtModelEvaluationTest): even seeds have lesions
        for (long seed : new long[] {9400, 9401}) {
            GroundTruth t = TestStudies.chestCt(seed, 16, seed % 2 == 0 ? 2 : 0).writeTo(tmp.resolve("ct-" + seed));
            boolean truth = ChestCtModelEvaluationTest.truthPositive(
                    t, PipelinesTest.input(t, null, "truth").images());
            cases.add(new Case("chest CT " + seed, t, "chest-ct-lesions", truth, null));
        }
        assertThat(cases).extracting(Case::positive).containsExactly(true, false);
        long seed = 9600;
        for (Finding f : Finding.values()) {
            GroundTruth t = TestStudies.chestRadiograph(seed, ViewPosition.PA, List.of(f))
                    .writeTo(tmp.resolve("dx-" + seed++));
            cases.add(new Case("DX " + f, t, "chest-xray-findings", true, f));
        }
        cases.add(new Case(
                "DX normal",
                TestStudies.chestRadiograph(seed, ViewPosition.AP, List.of()).writeTo(tmp.resolve("dx-normal")),
                "chest-xray-findings",
                false,
                null));
        cases.add(new Case(
                "abdominal CT",
                TestStudies.abdominalCt(9700, 12).writeTo(tmp.resolve("abdomen")),
                "abdominal-ct-body-composition",
                null,
                null));

        Map<String, Case> byStudy = new LinkedHashMap<>();
        try (var consumer = Events.inferenceConsumer()) {
            for (Case c : cases) {
                byStudy.put(forward(c.truth()), c);
            }
            var events = Events.await(
                    consumer,
                    MAX,
                    got -> got.stream()
                                    .map(r -> r.event().studyInstanceUID())
                                    .distinct()
                                    .filter(byStudy::containsKey)
                                    .count()
                            == byStudy.size());
            DicomWebClient labeling = labelingClient();
            for (var e : byStudy.entrySet()) {
                String study = e.getKey();
                Case c = e.getValue();
                var mine = events.stream()
                        .filter(r -> r.event().studyInstanceUID().equals(study))
                        .toList();
                assertThat(mine).as(c.name() + ": one event").hasSize(1);
                var ev = mine.get(0).event();
                assertThat(mine.get(0).headers().type())
                        .as(c.name() + ": " + ev.reason())
                        .isEqualTo(EventType.INFERENCE_COMPLETED);
                assertThat(ev.pipeline()).as(c.name()).isEqualTo(c.pipeline());

                // found by QIDO-RS at the labeling service, in a series of its own
                JsonNode series = qido("/studies/" + study + "/series");
                List<String> seriesUids = new ArrayList<>();
                series.forEach(s ->
                        seriesUids.add(s.path("0020000E").path("Value").path(0).asText()));
                assertThat(seriesUids).as(c.name()).containsOnlyOnce(ev.resultSeriesInstanceUID());
                JsonNode instances =
                        qido("/studies/" + study + "/series/" + ev.resultSeriesInstanceUID() + "/instances");
                assertThat(instances.size())
                        .as(c.name())
                        .isEqualTo(ev.resultInstances().size());

                // each result as stored, read back by WADO-RS: valid for dciodvfy
                List<Attributes> stored = new ArrayList<>();
                for (var ri : ev.resultInstances()) {
                    stored.add(labeling.retrieveInstance(study, ev.resultSeriesInstanceUID(), ri.sopInstanceUID())
                            .dataset());
                }
                PipelinesTest.assertValid(stored, tmp.resolve("valid-" + study));
                Attributes sr = stored.stream()
                        .filter(a -> UID.ComprehensiveSRStorage.equals(a.getString(Tag.SOPClassUID)))
                        .findFirst()
                        .orElseThrow();
                assertThat(sr.getString(Tag.SeriesDescription)).startsWith("Radflow AI DEMO");
                var report = MeasurementReport.parse(SrReader.read(sr));
                assertCall(c, report, ev.summary());
            }

            // our own results made each study "updated" (version 2): once the inference service has
            // consumed those events, each study still has one job
            awaitUpdatesConsumed(byStudy.keySet());
            for (var e : byStudy.entrySet()) {
                assertThat(results(e.getKey()).getList("status"))
                        .as(e.getValue().name())
                        .containsExactly("SUCCEEDED");
            }
            var late = Events.await(consumer, Duration.ofSeconds(2), got -> false);
            assertThat(late)
                    .extracting(r -> r.event().studyInstanceUID())
                    .doesNotContainAnyElementsOf(byStudy.keySet());
        }
    }

    private static void assertCall(Case c, MeasurementReport.Report report, Map<String, Object> summary) {
        if (c.pipeline().equals("abdominal-ct-body-composition")) {
            String l3 = (String) summary.get("l3SopInstanceUid");
            var slices = c.truth().primaryCt().slices();
            int truth = c.truth().primaryCt().l3SliceIndex();
            List<String> near = new ArrayList<>();
            for (int i = Math.max(0, truth - 1); i <= Math.min(slices.size() - 1, truth + 1); i++) {
                near.add(slices.get(i).sopInstanceUid());
            }
            assertThat(l3).as("L3 within one slice of the truth").isIn(near);
            return;
        }
        assertThat(summary.get("positive")).as(c.name() + ": per-patient call").isEqualTo(c.positive());
        if (c.pipeline().equals("chest-ct-lesions")) {
            assertThat(report.groups())
                    .filteredOn(g -> g.trackingId().equals("Per-patient call"))
                    .singleElement()
                    .satisfies(g -> assertThat(g.evaluations()).singleElement().satisfies(ev -> assertThat(ev.value())
                            .isEqualTo(c.positive() ? Codes.PRESENT : Codes.ABSENT)));
            return;
        }
        // radiographs: every finding of the model is evaluated; the truth's finding Present, no other
        List<MeasurementReport.Evaluation> present = report.groups().stream()
                .flatMap(g -> g.evaluations().stream())
                .filter(ev -> ev.value().equals(Codes.PRESENT))
                .toList();
        if (c.finding() == null) {
            assertThat(present)
                    .as(c.name())
                    .allSatisfy(ev -> assertThat(ev.concept().meaning()).isEqualTo("Normal"));
        } else {
            String label = c.finding().name().charAt(0)
                    + c.finding().name().substring(1).toLowerCase(Locale.ROOT);
            assertThat(present)
                    .as(c.name())
                    .extracting(ev -> ev.concept().meaning())
                    .contains(label)
                    .doesNotContain("Normal");
        }
    }

    @Test
    void ingestDownWhileResultsAreStoredLosesNothing() throws Exception {
        GroundTruth truth = TestStudies.chestRadiograph(9800, ViewPosition.PA, List.of(Finding.PNEUMONIA))
                .writeTo(tmp.resolve("outage"));
        try (var consumer = Events.inferenceConsumer()) {
            String study = forward(truth);
            var first = Events.await(consumer, MAX, got -> got.stream()
                            .anyMatch(r -> r.event().studyInstanceUID().equals(study)))
                    .stream()
                    .filter(r -> r.event().studyInstanceUID().equals(study))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED);
            int before = qido("/studies/" + study + "/instances").size();

            RadflowStackResource.stopIngest();
            String job;
            try {
                job = given().auth()
                        .oauth2(KeycloakResource.passwordToken("radiologist", "radiologist"))
                        .post("/api/v1/studies/{s}/pipelines/chest-xray-findings", study)
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id");
                // the model ran; storing failed: the job waits for its next attempt and says why
                JsonPath waiting = await().atMost(MAX)
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> results(study),
                                r -> job(r, job, "status").equals("QUEUED")
                                        && Integer.parseInt(job(r, job, "attempts")) >= 1);
                assertThat(job(waiting, job, "reason")).contains("storing results");
                // readiness shows the target down, with the reason
                JsonPath ready = given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .extract()
                        .jsonPath();
                assertThat(ready.getString("checks.find { it.name == 'dicomweb' }.status"))
                        .isEqualTo("DOWN");
                assertThat(ready.getString("checks.find { it.name == 'dicomweb' }.data.'target down since'"))
                        .isNotNull();
            } finally {
                RadflowStackResource.startIngest();
            }
            var done = Events.await(consumer, MAX, got -> got.stream()
                    .anyMatch(r -> r.event().jobId().equals(job)));
            assertThat(done)
                    .filteredOn(r -> r.event().jobId().equals(job))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED);
                        assertThat(r.event().resultSeriesInstanceUID())
                                .isNotEqualTo(first.event().resultSeriesInstanceUID());
                    });
            String rerunSeries = done.stream()
                    .filter(r -> r.event().jobId().equals(job))
                    .findFirst()
                    .orElseThrow()
                    .event()
                    .resultSeriesInstanceUID();
            JsonPath after = results(study);
            assertThat(Integer.parseInt(job(after, job, "attempts"))).isGreaterThanOrEqualTo(2);
            // the study as it was, plus the re-run's results once
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            qido("/studies/" + study + "/instances").size())
                    .isEqualTo(before + 1));
            JsonNode series = qido("/studies/" + study + "/series");
            List<String> uids = new ArrayList<>();
            series.forEach(
                    s -> uids.add(s.path("0020000E").path("Value").path(0).asText()));
            assertThat(uids).containsOnlyOnce(rerunSeries);
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    /** Stores the study into the PACS, which forwards it to Radflow; returns its Study Instance UID. */
    private static String forward(GroundTruth truth) throws Exception {
        List<Path> files;
        try (var s = java.nio.file.Files.walk(truth.dir())) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        RadflowStackResource.forward(files, truth.info().studyInstanceUid());
        return truth.info().studyInstanceUid();
    }

    private static DicomWebClient labelingClient() {
        return new DicomWebClient(
                RadflowStackResource.dicomWeb(),
                () -> "Bearer " + KeycloakResource.passwordToken("radiologist", "radiologist"),
                () -> {},
                DicomWebClient.Timeouts.DEFAULT);
    }

    private static JsonNode qido(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(RadflowStackResource.dicomWeb() + path))
                        .header("Accept", "application/dicom+json")
                        .header("Authorization", "Bearer " + KeycloakResource.passwordToken("researcher", "researcher"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 204);
        return r.statusCode() == 204
                ? StudyEvents.mapper().createArrayNode()
                : StudyEvents.mapper().readTree(r.body());
    }

    /** Waits until the inference service has consumed version 2 of each study (our results arriving). */
    private static void awaitUpdatesConsumed(java.util.Set<String> studies) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = Events.studyConsumer()) {
            Events.awaitStudyEvents(c, MAX, got -> {
                ids.clear();
                got.stream()
                        .filter(r -> studies.contains(r.event().studyInstanceUID())
                                && r.event().version() >= 2)
                        .forEach(r -> ids.add(r.headers().id()));
                return got.stream()
                                .filter(r -> r.event().version() >= 2)
                                .map(r -> r.event().studyInstanceUID())
                                .filter(studies::contains)
                                .distinct()
                                .count()
                        == studies.size();
            });
        }
        assertThat(ids).isNotEmpty();
        await().atMost(MAX).until(() -> Events.processed(ids));
    }

    static JsonPath results(String study) {
        return given().auth()
                .oauth2(KeycloakResource.passwordToken("radiologist", "radiologist"))
                .get("/api/v1/studies/{s}/results", study)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String job(JsonPath results, String id, String field) {
        return String.valueOf(results.getString("find { it.id == '" + id + "' }." + field));
    }
}
