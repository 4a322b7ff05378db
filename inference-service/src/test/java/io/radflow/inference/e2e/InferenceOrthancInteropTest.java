package io.radflow.inference.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.events.EventType;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.service.security.Roles;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole inference path against real peers: an abdominal CT stored in Orthanc (the hospital
 * archive, DICOMweb plugin) is announced on the real Kafka broker as ingest announces it; the
 * inference service routes it to the body-composition demo model, reads the series from Orthanc by
 * WADO-RS, runs ONNX Runtime on CPU, stores a SEG and an SR back into Orthanc by STOW-RS and
 * announces {@code radflow.inference.completed}, which a real consumer reads. A redelivered event
 * and a replayed one make no second job; a poison record is skipped without blocking the events
 * behind it; a study no pipeline applies to is skipped with its reason in the API; a series the
 * archive lacks fails with a stated reason and a failed event.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(OrthancArchiveResource.class)
class InferenceOrthancInteropTest {
    private static final Duration MAX = Duration.ofSeconds(240);
    private static final String MODEL = "abdominal-ct-body-composition";

    @TempDir
    static Path tmp;

    @Test
    void abdominalCtGetsBodyCompositionResultsInTheArchiveOnce() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(4242, 12).writeTo(tmp.resolve("abdomen"));
        OrthancPeer orthanc = OrthancArchiveResource.orthanc();
        List<Path> files = Events.storeInto(orthanc, truth);
        StudyEvent study = Events.study(files, 1);
        String thin = truth.series().get(0).seriesInstanceUid();

        try (var consumer = Events.inferenceConsumer()) {
            String id = Events.publish(study, UUID.randomUUID().toString());
            var events = Events.await(consumer, MAX, got -> got.stream()
                    .anyMatch(r -> r.event().studyInstanceUID().equals(study.studyInstanceUID())));
            var mine = events.stream()
                    .filter(r -> r.event().studyInstanceUID().equals(study.studyInstanceUID()))
                    .toList();
            assertThat(mine).hasSize(1);
            var ev = mine.get(0).event();
            assertThat(mine.get(0).headers().type())
                    .as(String.valueOf(ev.reason()))
                    .isEqualTo(EventType.INFERENCE_COMPLETED);
            assertThat(ev.pipeline()).isEqualTo(MODEL);
            assertThat(ev.demoModel()).isTrue();
            assertThat(ev.sourceSeriesInstanceUID())
                    .as("the thin series, the one with most images")
                    .isEqualTo(thin);
            assertThat(ev.resultInstances())
                    .extracting(r -> r.sopClassUID())
                    .containsExactly(UID.SegmentationStorage, UID.ComprehensiveSRStorage);
            assertThat(ev.timingsMs())
                    .containsKeys("fetch", "decode", "preprocess", "run", "postprocess", "encode", "store");
            assertThat(ev.executionProvider()).isEqualTo("CPU");

            // the L3 suggestion lies within one slice of the truth
            String l3 = (String) ev.summary().get("l3SopInstanceUid");
            var slices = truth.primaryCt().slices();
            int truthIndex = truth.primaryCt().l3SliceIndex();
            int suggested = -1;
            for (int i = 0; i < slices.size(); i++) {
                if (slices.get(i).sopInstanceUid().equals(l3)) {
                    suggested = i;
                }
            }
            assertThat(suggested).as("suggested L3 slice " + l3).isBetween(truthIndex - 1, truthIndex + 1);

            // the results are in the archive: a SEG whose muscle matches the phantom on the L3 slice
            DicomWebClient archive = new DicomWebClient(orthanc.dicomWebRoot());
            String segUid = ev.resultInstances().get(0).sopInstanceUID();
            Attributes seg = archive.retrieveInstance(study.studyInstanceUID(), ev.resultSeriesInstanceUID(), segUid)
                    .dataset();
            assertThat(seg.getString(Tag.SeriesDescription)).startsWith("Radflow AI DEMO");
            List<Attributes> images = archive.seriesMetadata(study.studyInstanceUID(), thin);
            var masks = SegmentationReader.read(seg).masksFor(SourceFrame.of(images));
            int imageIndex = -1;
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i)
                        .getString(Tag.SOPInstanceUID)
                        .equals(slices.get(truthIndex).sopInstanceUid())) {
                    imageIndex = i;
                }
            }
            byte[] labels = truth.study().ctStudy().primary().labels(truthIndex);
            byte[] muscle = masks.get(1).get(imageIndex);
            assertThat(muscle).isNotNull();
            long both = 0;
            long truthPixels = 0;
            long found = 0;
            for (int p = 0; p < labels.length; p++) {
                boolean t = Tissue.ofLabel(labels[p]).isSkeletalMuscle();
                truthPixels += t ? 1 : 0;
                found += muscle[p];
                both += t && muscle[p] == 1 ? 1 : 0;
            }
            assertThat(2.0 * both / (truthPixels + found))
                    .as("muscle Dice at L3")
                    .isGreaterThan(0.85);

            // the API shows the job
            JsonPath results = results(study.studyInstanceUID());
            assertThat(results.getList("status")).containsExactly("SUCCEEDED");
            assertThat(results.getString("[0].resultSeriesInstanceUID")).isEqualTo(ev.resultSeriesInstanceUID());

            // the same event again; the same study version under a new id; version 2 after our own
            // results were stored (same images, one more derived series): no second job. A poison
            // record behind them is skipped, and version 3 with a late image of the series runs again
            Events.publish(study, id);
            Events.publish(study, UUID.randomUUID().toString());
            Events.publish(Events.study(files, 2), UUID.randomUUID().toString());
            Events.publishPoison(study.studyInstanceUID());
            Events.publish(
                    Events.withLateImage(Events.study(files, 3), thin),
                    UUID.randomUUID().toString());
            var more = Events.await(consumer, MAX, got -> got.stream().anyMatch(r -> mine(r, study, 3)));
            more = more.stream()
                    .filter(r -> r.event().studyInstanceUID().equals(study.studyInstanceUID()))
                    .toList();
            assertThat(more).extracting(r -> r.event().studyVersion()).containsExactly(3);
            JsonPath after = results(study.studyInstanceUID());
            assertThat(after.getList("studyVersion", Integer.class)).containsExactlyInAnyOrder(1, 3);
            assertThat(more.get(0).event().resultSeriesInstanceUID()).isNotEqualTo(ev.resultSeriesInstanceUID());

            // a radiologist runs the pipeline again (a researcher may not): a new job, new results
            String rerun = "/api/v1/studies/{s}/pipelines/" + MODEL;
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.RESEARCHER))
                    .post(rerun, study.studyInstanceUID())
                    .then()
                    .statusCode(403);
            String job = given().auth()
                    .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                    .post(rerun, study.studyInstanceUID())
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            String v3Series = more.get(0).event().resultSeriesInstanceUID();
            var again = Events.await(consumer, MAX, got -> got.stream()
                    .anyMatch(r -> r.event().jobId().equals(job)));
            assertThat(again)
                    .filteredOn(r -> r.event().jobId().equals(job))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED);
                        assertThat(r.event().resultSeriesInstanceUID()).isNotIn(ev.resultSeriesInstanceUID(), v3Series);
                    });
        }
    }

    @Test
    void aStudyNoPipelineAppliesToIsSkippedWithItsReason() throws Exception {
        String studyUid = UID.createUID();
        StudyEvent mr = new StudyEvent(
                studyUid,
                1,
                "P1",
                "Doe^Jane",
                "A1",
                "20261207",
                "101010",
                "MR BRAIN",
                List.of("MR"),
                List.of("BRAIN"),
                1,
                20,
                List.of(new SeriesSummary(UID.createUID(), 1, "MR", "T1", "BRAIN", List.of(UID.MRImageStorage), 20)),
                null,
                null,
                Instant.now());
        Events.publish(mr, UUID.randomUUID().toString());
        JsonPath r = awaitJob(studyUid, "SKIPPED");
        assertThat(r.getString("[0].reason")).contains("no pipeline applies", MODEL, "is MR, not CT");
    }

    @Test
    void aSeriesTheArchiveLacksFailsWithAReasonAndAFailedEvent() throws Exception {
        String studyUid = UID.createUID();
        StudyEvent missing = new StudyEvent(
                studyUid,
                1,
                "P2",
                "Roe^John",
                "A2",
                "20261207",
                "101010",
                "CT ABDOMEN",
                List.of("CT"),
                List.of("ABDOMEN"),
                1,
                12,
                List.of(new SeriesSummary(
                        UID.createUID(), 1, "CT", "Abdomen", "ABDOMEN", List.of(UID.CTImageStorage), 12)),
                null,
                null,
                Instant.now());
        try (var consumer = Events.inferenceConsumer()) {
            Events.publish(missing, UUID.randomUUID().toString());
            var got = Events.await(consumer, MAX, l -> l.stream()
                    .anyMatch(x -> x.event().studyInstanceUID().equals(studyUid)));
            var ev = got.stream()
                    .filter(x -> x.event().studyInstanceUID().equals(studyUid))
                    .findFirst()
                    .orElseThrow();
            assertThat(ev.headers().type()).isEqualTo(EventType.INFERENCE_FAILED);
            assertThat(ev.event().reason()).contains("404");
        }
        JsonPath r = results(studyUid);
        assertThat(r.getList("status")).containsExactly("FAILED");
        assertThat(r.getString("[0].reason")).contains("404");
    }

    private static boolean mine(Events.Received r, StudyEvent study, int version) {
        return r.event().studyInstanceUID().equals(study.studyInstanceUID())
                && r.event().studyVersion() == version;
    }

    @Test
    void theArchiveDownDuringAJobIsRetriedUntilItIsBack() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(5151, 8).writeTo(tmp.resolve("outage"));
        OrthancPeer orthanc = OrthancArchiveResource.orthanc();
        List<Path> files = Events.storeInto(orthanc, truth);
        StudyEvent study = Events.study(files, 1);
        try (var consumer = Events.inferenceConsumer()) {
            OrthancArchiveResource.stopArchive();
            try {
                Events.publish(study, UUID.randomUUID().toString());
                // the first attempt cannot reach the archive: the job waits for its retry, with the reason
                JsonPath r = org.awaitility.Awaitility.await()
                        .atMost(MAX)
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> results(study.studyInstanceUID()),
                                j -> !j.getList("attempts").isEmpty()
                                        && j.getInt("[0].attempts") >= 1
                                        && "QUEUED".equals(j.getString("[0].status")));
                assertThat(r.getString("[0].status")).isEqualTo("QUEUED");
                assertThat(r.getString("[0].reason")).contains("reading series");
            } finally {
                OrthancArchiveResource.startArchive();
            }
            var got = Events.await(consumer, MAX, l -> l.stream()
                    .anyMatch(x -> x.event().studyInstanceUID().equals(study.studyInstanceUID())));
            var mine = got.stream()
                    .filter(x -> x.event().studyInstanceUID().equals(study.studyInstanceUID()))
                    .toList();
            assertThat(mine)
                    .singleElement()
                    .satisfies(x -> assertThat(x.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED));
            JsonPath done = results(study.studyInstanceUID());
            assertThat(done.getList("status")).containsExactly("SUCCEEDED");
            assertThat(done.getInt("[0].attempts")).isGreaterThanOrEqualTo(2);
            // the results are in the archive once
            String series = OrthancArchiveResource.orthanc()
                    .get(
                            "/dicom-web/studies/" + study.studyInstanceUID() + "/series",
                            "Accept",
                            "application/dicom+json")
                    .body();
            List<String> uids = new java.util.ArrayList<>();
            io.radflow.events.StudyEvents.mapper()
                    .readTree(series)
                    .forEach(n ->
                            uids.add(n.path("0020000E").path("Value").path(0).asText()));
            assertThat(uids).containsOnlyOnce(mine.get(0).event().resultSeriesInstanceUID());
        }
    }

    static JsonPath results(String study) {
        return given().auth()
                .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                .get("/api/v1/studies/{s}/results", study)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath awaitJob(String study, String status) {
        return org.awaitility.Awaitility.await()
                .atMost(MAX)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> results(study), r -> r.getList("status").contains(status));
    }
}
