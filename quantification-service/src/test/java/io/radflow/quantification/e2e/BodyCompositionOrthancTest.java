package io.radflow.quantification.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.InferenceEvents;
import io.radflow.events.QuantificationEvent;
import io.radflow.events.QuantificationEvents;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.service.security.Roles;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantification service against real peers: an abdominal CT and a SEG of its tissue labels (as
 * the inference service stores them) are in a real Orthanc; a {@code radflow.inference.completed}
 * event on the real Kafka broker announces them; the service reads only the SEG and the L3 slice by
 * WADO-RS, measures, stores a TID 1500 SR by STOW-RS (valid for dciodvfy, its numbers those of the
 * JSON) and announces {@code radflow.quantification.completed}. The areas equal the phantom's truth
 * within 0.5 % and the mean HU within 1 HU; the spreadsheet and the picture are served. A study whose
 * images lack height and weight says so; a person's implausible entry is refused with 400, a
 * plausible one makes version 2 with BMI and SMI, its SR stored beside version 1. A redelivered event
 * makes nothing new; a run without an L3 slice fails with its reason.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
@QuarkusTestResource(OrthancArchiveResource.class)
class BodyCompositionOrthancTest {
    private static final Duration MAX = Duration.ofSeconds(120);
    private static final String PIPELINE = "abdominal-ct-body-composition";

    @TempDir
    static Path tmp;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void anAbdominalCtIsMeasuredAtL3AndReportedEverywhere() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(7301, 12).writeTo(tmp.resolve("tags"));
        Stored s = store(truth);
        try (var consumer = consumer()) {
            String eventId = UUID.randomUUID().toString();
            InferenceEvent run = completed(s, s.l3Uid);
            publish(run, eventId);
            QuantificationEvent ev =
                    awaitEvent(consumer, e -> e.studyInstanceUID().equals(s.study));
            assertThat(ev.eventType()).as(ev.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            assertThat(ev.version()).isEqualTo(1);
            assertThat(ev.demo()).isTrue();

            // the JSON: the truth's areas and HU at L3
            CtGroundTruth.SliceTruth l3 = truth.primaryCt().l3Slice();
            JsonPath j = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j.getString("result.l3.sopInstanceUid")).isEqualTo(s.l3Uid);
            assertThat(j.getString("result.l3.source")).isEqualTo("MODEL");
            double muscle = j.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2");
            double sat = j.getDouble("result.tissues.find { it.tissue == 'SUBCUTANEOUS_FAT' }.areaCm2");
            double vat = j.getDouble("result.tissues.find { it.tissue == 'VISCERAL_FAT' }.areaCm2");
            assertThat(muscle).isCloseTo(l3.skeletalMuscleAreaCm2(), within(0.005 * l3.skeletalMuscleAreaCm2()));
            assertThat(sat)
                    .isCloseTo(
                            l3.areaCm2(Tissue.SUBCUTANEOUS_FAT), within(0.005 * l3.areaCm2(Tissue.SUBCUTANEOUS_FAT)));
            assertThat(vat).isCloseTo(l3.areaCm2(Tissue.VISCERAL_FAT), within(0.005 * l3.areaCm2(Tissue.VISCERAL_FAT)));
            assertThat(j.getDouble("result.tissues.find { it.tissue == 'SUBCUTANEOUS_FAT' }.meanHu"))
                    .isCloseTo(Tissue.SUBCUTANEOUS_FAT.meanHu, within(1.0));
            double height = truth.patient().sizeM();
            double weight = truth.patient().weightKg();
            assertThat(j.getDouble("result.bmi.value")).isCloseTo(weight / (height * height), within(0.01));
            assertThat(j.getDouble("result.smi.value")).isCloseTo(muscle / (height * height), within(0.01));
            assertThat(j.getString("result.height.source")).isEqualTo("TAG");
            assertThat(j.getList("result.missing")).isEmpty();
            assertThat(j.getString("result.demoNotice")).contains("not for clinical use");

            // the SR in the archive: valid, and it says what the JSON says
            DicomWebClient archive =
                    new DicomWebClient(OrthancArchiveResource.orthanc().dicomWebRoot());
            Attributes sr = archive.retrieveInstance(s.study, ev.srSeriesInstanceUID(), ev.srSopInstanceUID())
                    .dataset();
            assertThat(sr.getString(Tag.SeriesDescription)).isEqualTo("Radflow AI DEMO - Body composition at L3");
            assertValid(sr, tmp.resolve("sr-1.dcm"));
            var report = MeasurementReport.parse(SrReader.read(sr));
            var muscleGroup = report.groups().stream()
                    .filter(g -> Codes.SKELETAL_MUSCLE.equals(g.finding())
                            && g.roi() instanceof MeasurementReport.VolumetricRoi)
                    .findFirst()
                    .orElseThrow();
            assertThat(muscleGroup.roi()).isInstanceOf(MeasurementReport.VolumetricRoi.class);
            assertThat(((MeasurementReport.VolumetricRoi) muscleGroup.roi()).segmentationSopInstanceUid())
                    .isEqualTo(s.segUid);
            assertThat(muscleGroup.measurements())
                    .filteredOn(m -> m.concept().equals(Codes.AREA))
                    .singleElement()
                    .satisfies(m -> assertThat(m.value().doubleValue()).isCloseTo(muscle, within(0.01)));
            // what OHIF draws: the outline of the muscle's largest region on the L3 image (TID 1410), its
            // area that region's, at most the muscle's whole area
            var outline = report.groups().stream()
                    .filter(g ->
                            Codes.SKELETAL_MUSCLE.equals(g.finding()) && g.roi() instanceof MeasurementReport.PlanarRoi)
                    .findFirst()
                    .orElseThrow();
            assertThat(outline.trackingId()).isEqualTo(MeasurementReport.OHIF_TOOL_PREFIX + "PlanarFreehandROI");
            var polyline = (MeasurementReport.PlanarRoi) outline.roi();
            assertThat(polyline.graphicType()).isEqualTo("POLYLINE");
            assertThat(polyline.image().sopInstanceUid()).isEqualTo(s.l3Uid);
            float[] d = polyline.data();
            assertThat(d[0]).isEqualTo(d[d.length - 2]);
            assertThat(d[1]).isEqualTo(d[d.length - 1]);
            assertThat(outline.measurements().get(0).value().doubleValue())
                    .isPositive()
                    .isLessThanOrEqualTo(muscle + 0.01);
            // and the outlines alone in their own series, for OHIF (which cannot load the 1411 groups)
            var outlineSeries =
                    io.radflow.dicom.iod.DerivedInstance.uidFor(s.study + "/body-composition/outlines-series");
            var outlineSr = archive.retrieveInstance(
                            s.study,
                            outlineSeries,
                            archive.seriesMetadata(s.study, outlineSeries)
                                    .get(0)
                                    .getString(Tag.SOPInstanceUID))
                    .dataset();
            assertValid(outlineSr, tmp.resolve("outlines-1.dcm"));
            assertThat(MeasurementReport.parse(SrReader.read(outlineSr)).groups())
                    .isNotEmpty()
                    .allSatisfy(g -> assertThat(g.roi()).isInstanceOf(MeasurementReport.PlanarRoi.class));
            assertThat(report.groups())
                    .flatExtracting(MeasurementReport.Group::measurements)
                    .extracting(m -> m.concept())
                    .contains(Codes.BODY_MASS_INDEX, Codes.SKELETAL_MUSCLE_INDEX);

            // the spreadsheet and the picture
            byte[] xlsx = given().auth()
                    .oauth2(TestTokens.forRole(Roles.RESEARCHER))
                    .get("/api/v1/studies/{s}/body-composition.xlsx", s.study)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
                List<String> cells = new ArrayList<>();
                wb.getFirstSheet().openStream().forEach(r -> r.forEach(c -> cells.add(c == null ? "" : c.getText())));
                assertThat(String.join("|", cells)).contains("cm²").contains(s.study);
            }
            byte[] png = given().auth()
                    .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                    .get("/api/v1/studies/{s}/body-composition.png", s.study)
                    .then()
                    .statusCode(200)
                    .contentType("image/png")
                    .extract()
                    .asByteArray();
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isGreaterThan(512);

            // an annotator picks the slice below and asks for a slab of three slices around it
            var slices = truth.primaryCt().slices();
            CtGroundTruth.SliceTruth picked = slices.get(l3.index() + 1);
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                    .contentType("application/json")
                    .body(Map.of("sopInstanceUID", picked.sopInstanceUid(), "slab", 4))
                    .put("/api/v1/studies/{s}/body-composition/l3", s.study)
                    .then()
                    .statusCode(400);
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                    .contentType("application/json")
                    .body(Map.of("sopInstanceUID", picked.sopInstanceUid(), "slab", 3))
                    .put("/api/v1/studies/{s}/body-composition/l3", s.study)
                    .then()
                    .statusCode(202);
            QuantificationEvent slab =
                    awaitEvent(consumer, e -> e.studyInstanceUID().equals(s.study) && e.version() == 2);
            assertThat(slab.eventType()).as(slab.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            assertThat(slab.l3Source()).isEqualTo("annotator");
            JsonPath j2 = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j2.getString("result.l3.sopInstanceUid")).isEqualTo(picked.sopInstanceUid());
            assertThat(j2.getString("result.l3.source")).isEqualTo("ANNOTATOR");
            assertThat(j2.getInt("result.l3.slabSlices")).isEqualTo(3);
            double slabMuscle = (slices.get(l3.index()).skeletalMuscleAreaCm2()
                            + picked.skeletalMuscleAreaCm2()
                            + slices.get(l3.index() + 2).skeletalMuscleAreaCm2())
                    / 3;
            assertThat(j2.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2"))
                    .isCloseTo(slabMuscle, within(0.005 * slabMuscle));

            // the same event again, and the same run under a new event id: nothing new. A third
            // event, of another study, is the marker: once it is measured, the two were consumed
            publish(run, eventId);
            publish(run, UUID.randomUUID().toString());
            Stored marker = store(TestStudies.abdominalCt(7304, 8).writeTo(tmp.resolve("marker")));
            publish(completed(marker, marker.l3Uid), UUID.randomUUID().toString());
            awaitEvent(consumer, e -> e.studyInstanceUID().equals(marker.study));
            assertThat(api("/api/v1/studies/{s}/body-composition", s.study).getList("measurements"))
                    .hasSize(2);
        }
    }

    @Test
    void missingHeightAndWeightAreEnteredByAPersonAndMakeVersionTwo() throws Exception {
        GroundTruth truth =
                TestStudies.abdominalCt(7302, 12).withSizeAndWeight(false).writeTo(tmp.resolve("no-tags"));
        Stored s = store(truth);
        try (var consumer = consumer()) {
            publish(completed(s, s.l3Uid), UUID.randomUUID().toString());
            QuantificationEvent v1 =
                    awaitEvent(consumer, e -> e.studyInstanceUID().equals(s.study));
            assertThat(v1.eventType()).as(v1.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            JsonPath j = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j.getString("result.bmi.value")).isNull();
            assertThat(j.getString("result.bmi.missing")).isNotBlank();
            assertThat(String.join(" ", j.getList("result.missing", String.class)))
                    .containsIgnoringCase("height");

            // absurd entries are refused with a readable reason
            String put = "/api/v1/studies/{s}/body-composition/anthropometrics";
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                    .contentType("application/json")
                    .body(Map.of("heightM", 17.0))
                    .put(put, s.study)
                    .then()
                    .statusCode(400)
                    .body("error", org.hamcrest.Matchers.containsString("17"));
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                    .contentType("application/json")
                    .body(Map.of("weightKg", 0.0))
                    .put(put, s.study)
                    .then()
                    .statusCode(400);
            // a researcher may not enter them
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.RESEARCHER))
                    .contentType("application/json")
                    .body(Map.of("heightM", 1.7))
                    .put(put, s.study)
                    .then()
                    .statusCode(403);
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                    .contentType("application/json")
                    .body(Map.of("heightM", 1.75, "weightKg", 70.0))
                    .put(put, s.study)
                    .then()
                    .statusCode(202);
            // the entry is in the audit trail: who, which study, what
            var audit = io.radflow.testsupport.AuditTable.awaitRow(
                    dataSource, "event_type = ? AND study_instance_uid = ?", "Patient Record", s.study);
            assertThat(String.valueOf(audit.get("detail"))).contains("height 1.75 m", "weight 70.0 kg");
            QuantificationEvent v2 = awaitEvent(
                    consumer,
                    e -> e.studyInstanceUID().equals(s.study) && e.trigger().equals("anthropometrics"));
            assertThat(v2.eventType()).as(v2.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            assertThat(v2.version()).isEqualTo(2);
            j = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j.getDouble("result.bmi.value")).isCloseTo(70.0 / (1.75 * 1.75), within(0.01));
            assertThat(j.getString("result.height.source")).isEqualTo("MANUAL");
            assertThat(j.getString("result.height.enteredBy")).isNotBlank();
            assertThat(j.getList("measurements.version")).containsExactly(2, 1);
            // both SRs in the archive, in one series
            assertThat(v2.srSeriesInstanceUID()).isEqualTo(v1.srSeriesInstanceUID());
            assertThat(v2.srSopInstanceUID()).isNotEqualTo(v1.srSopInstanceUID());
            String instances = OrthancArchiveResource.orthanc()
                    .get("/dicom-web/studies/" + s.study + "/series/" + v1.srSeriesInstanceUID() + "/instances")
                    .body();
            assertThat(StudyEvents.mapper().readTree(instances).size()).isEqualTo(2);
        }
    }

    @Test
    void aRunWithoutAnL3SliceFailsWithItsReason() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(7303, 8).writeTo(tmp.resolve("no-l3"));
        Stored s = store(truth);
        try (var consumer = consumer()) {
            publish(completed(s, null), UUID.randomUUID().toString());
            QuantificationEvent ev =
                    awaitEvent(consumer, e -> e.studyInstanceUID().equals(s.study));
            assertThat(ev.eventType()).isEqualTo(EventType.QUANTIFICATION_FAILED);
            assertThat(ev.reason()).contains("no L3 slice");
            JsonPath j = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j.getString("measurements[0].status")).isEqualTo("FAILED");
            assertThat(j.getString("measurements[0].reason")).contains("no L3 slice");
            given().auth()
                    .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                    .get("/api/v1/studies/{s}/body-composition.xlsx", s.study)
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void aPersonsCorrectedLabelsAreMeasuredWhenTheirSegArrives() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(7305, 10).writeTo(tmp.resolve("labels"));
        Stored s = store(truth);
        try (var consumer = consumer()) {
            publish(completed(s, s.l3Uid), UUID.randomUUID().toString());
            QuantificationEvent ai =
                    awaitEvent(consumer, e -> e.studyInstanceUID().equals(s.study));
            assertThat(ai.eventType()).as(ai.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);

            // an annotator's corrected labels: the muscle of the left half of the image only
            Attributes corrected = seg(truth, "Radflow labels - corrected body composition", true);
            assertThat(new DicomWebClient(OrthancArchiveResource.orthanc().dicomWebRoot())
                            .store(List.of(corrected))
                            .failed())
                    .isEmpty();
            // ingest announces the study updated with the new SEG series (and our AI SEG, ignored)
            var series = List.of(
                    new SeriesSummary(s.series, 1, "CT", "Abdomen", "ABDOMEN", List.of(UID.CTImageStorage), 10),
                    new SeriesSummary(
                            s.segSeries,
                            9001,
                            "SEG",
                            "Radflow AI DEMO - body composition",
                            null,
                            List.of(UID.SegmentationStorage),
                            1),
                    new SeriesSummary(
                            corrected.getString(Tag.SeriesInstanceUID),
                            2,
                            "SEG",
                            corrected.getString(Tag.SeriesDescription),
                            null,
                            List.of(UID.SegmentationStorage),
                            1));
            StudyEvent updated = new StudyEvent(
                    s.study,
                    2,
                    "P",
                    "Doe^J",
                    "A",
                    "20261207",
                    "101010",
                    "CT ABDOMEN",
                    List.of("CT", "SEG"),
                    List.of("ABDOMEN"),
                    3,
                    12,
                    series,
                    null,
                    null,
                    Instant.now());
            publishStudy(updated, UUID.randomUUID().toString());
            QuantificationEvent ev = awaitEvent(
                    consumer,
                    e -> e.studyInstanceUID().equals(s.study) && e.trigger().equals("labels"));
            assertThat(ev.eventType()).as(ev.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            assertThat(ev.segSopInstanceUID()).isEqualTo(corrected.getString(Tag.SOPInstanceUID));
            assertThat(ev.demo()).isFalse();

            // the muscle now is the truth's left half
            double expected = leftHalfMuscleCm2(truth);
            JsonPath j = api("/api/v1/studies/{s}/body-composition", s.study);
            assertThat(j.getString("result.labels.reference")).isEqualTo(corrected.getString(Tag.SOPInstanceUID));
            assertThat(j.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2"))
                    .isCloseTo(expected, within(0.005 * expected));
            assertThat(j.getBoolean("result.demo")).isFalse();
        }
    }

    @Test
    void anAnnotatorsPickMeasuresTheSegSeriesItNamesAlsoInAStudyNeverMeasured() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(7306, 10).writeTo(tmp.resolve("pick-seg"));
        Stored s = store(truth); // the CT and the AI SEG, but no inference event: nothing measured yet
        Attributes corrected = seg(truth, "Radflow labels - corrected body composition", true);
        assertThat(new DicomWebClient(OrthancArchiveResource.orthanc().dicomWebRoot())
                        .store(List.of(corrected))
                        .failed())
                .isEmpty();
        String correctedSeries = corrected.getString(Tag.SeriesInstanceUID);
        String put = "/api/v1/studies/{s}/body-composition/l3";
        // not a UID: 400 with the reason
        String bad = given().auth()
                .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                .contentType("application/json")
                .body(Map.of("sopInstanceUID", s.l3Uid, "segSeriesUID", "1.2.abc"))
                .put(put, s.study)
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("error");
        assertThat(bad).contains("segSeriesUID", "1.2.abc");
        // without a SEG series there is nothing to measure yet
        given().auth()
                .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                .contentType("application/json")
                .body(Map.of("sopInstanceUID", s.l3Uid))
                .put(put, s.study)
                .then()
                .statusCode(404);

        // the corrected labels (the muscle's left half) at L3: measured on the CT series the SEG names
        JsonPath queued = pick(s, correctedSeries);
        String id = queued.getString("id");
        assertThat(queued.getString("status")).isEqualTo("QUEUED");
        assertThat(queued.getString("segSeriesInstanceUID")).isEqualTo(correctedSeries);
        assertThat(queued.getString("model")).isEqualTo("labels of SEG series " + correctedSeries);
        assertThat(queued.getString("l3Source")).isEqualTo("annotator");
        JsonPath j = awaitMeasurement(s.study, id);
        assertThat(j.getString("measurements.find { it.id == '" + id + "' }.status"))
                .as(j.getString("measurements.find { it.id == '" + id + "' }.reason"))
                .isEqualTo("SUCCEEDED");
        assertThat(j.getString("current.id")).isEqualTo(id);
        assertThat(j.getString("current.sourceSeriesInstanceUID")).isEqualTo(s.series);
        assertThat(j.getString("result.measurementId")).isEqualTo(id);
        assertThat(j.getString("result.labels.seriesInstanceUid")).isEqualTo(correctedSeries);
        assertThat(j.getString("result.labels.reference")).isEqualTo(corrected.getString(Tag.SOPInstanceUID));
        assertThat(j.getBoolean("result.demo")).isFalse();
        double half = leftHalfMuscleCm2(truth);
        assertThat(j.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2"))
                .isCloseTo(half, within(0.005 * half));

        // the other SEG series (the whole muscle) at the same slice: its own, larger area
        String other = pick(s, s.segSeries).getString("id");
        JsonPath k = awaitMeasurement(s.study, other);
        assertThat(k.getString("result.measurementId")).isEqualTo(other);
        assertThat(k.getString("result.labels.seriesInstanceUid")).isEqualTo(s.segSeries);
        double whole = truth.primaryCt().l3Slice().skeletalMuscleAreaCm2();
        assertThat(k.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2"))
                .isCloseTo(whole, within(0.005 * whole))
                .isGreaterThan(half * 1.5);
        // the first measurement's result stays there to ask for
        assertThat(api("/api/v1/studies/{s}/body-composition?measurement=" + id, s.study)
                        .getString("result.labels.seriesInstanceUid"))
                .isEqualTo(correctedSeries);
        given().auth()
                .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                .get("/api/v1/studies/{s}/body-composition?measurement=" + UUID.randomUUID(), s.study)
                .then()
                .statusCode(404);
    }

    /** The truth's muscle area on the left half of the L3 slice (what the corrected SEG labels). */
    private static double leftHalfMuscleCm2(GroundTruth truth) {
        CtGroundTruth.SliceTruth l3 = truth.primaryCt().l3Slice();
        byte[] labels = truth.study().ctStudy().primary().labels(l3.index());
        int width = (int) Math.round(Math.sqrt(labels.length));
        long left = 0;
        for (int p = 0; p < labels.length; p++) {
            left += Tissue.ofLabel(labels[p]).isSkeletalMuscle() && p % width < width / 2 ? 1 : 0;
        }
        return left * l3.pixelAreaCm2();
    }

    /** An annotator asks for the labels of {@code segSeries} at the study's L3 slice: 202, the queued measurement. */
    private static JsonPath pick(Stored s, String segSeries) {
        return given().auth()
                .oauth2(TestTokens.forRole(Roles.ANNOTATOR))
                .contentType("application/json")
                .body(Map.of("sopInstanceUID", s.l3Uid, "slab", 1, "segSeriesUID", segSeries))
                .put("/api/v1/studies/{s}/body-composition/l3", s.study)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
    }

    /** Polls {@code GET …/body-composition?measurement=id} as a client does, until it succeeded or failed. */
    private static JsonPath awaitMeasurement(String study, String id) {
        return org.awaitility.Awaitility.await("measurement " + id + " succeeded or failed")
                .atMost(MAX)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api("/api/v1/studies/{s}/body-composition?measurement=" + id, study), j -> List.of(
                                "SUCCEEDED", "FAILED")
                        .contains(j.getString("measurements.find { it.id == '" + id + "' }.status")));
    }

    /** What a test stored in the archive. */
    record Stored(String study, String series, String segSeries, String segUid, String l3Uid) {}

    /** The CT into Orthanc by C-STORE, and a SEG of its truth labels (muscle, SAT, VAT) by STOW-RS. */
    static Stored store(GroundTruth truth) throws Exception {
        OrthancPeer orthanc = OrthancArchiveResource.orthanc();
        List<Path> files;
        try (var st = Files.walk(truth.dir())) {
            files = st.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        var scu =
                new StoreSCU(new ApplicationEntity("PACS"), new Connection("127.0.0.1", orthanc.dicomPort), "ORTHANC");
        for (var r : scu.send(StoreSCU.scan(files), 1)) {
            assertThat(r.status()).as(String.valueOf(r.error())).isZero();
        }
        var series = truth.series().get(0);
        Attributes seg = seg(truth, "Radflow AI DEMO - body composition", false);
        var stored = new DicomWebClient(orthanc.dicomWebRoot()).store(List.of(seg));
        assertThat(stored.failed()).isEmpty();
        return new Stored(
                truth.info().studyInstanceUid(),
                series.seriesInstanceUid(),
                seg.getString(Tag.SeriesInstanceUID),
                seg.getString(Tag.SOPInstanceUID),
                truth.primaryCt().l3Slice().sopInstanceUid());
    }

    /** A SEG of the truth labels (muscle, SAT, VAT), the muscle on the left half only if asked. */
    static Attributes seg(GroundTruth truth, String description, boolean leftHalfMuscle) throws Exception {
        var series = truth.series().get(0);
        List<Attributes> images = new ArrayList<>();
        for (int i = 0; i < series.files().size(); i++) {
            try (DicomInputStream in = new DicomInputStream(truth.file(i))) {
                images.add(in.readDatasetUntilPixelData());
            }
        }
        List<byte[]> muscle = new ArrayList<>();
        List<byte[]> sat = new ArrayList<>();
        List<byte[]> vat = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            byte[] labels = truth.study().ctStudy().primary().labels(i);
            int width = images.get(i).getInt(Tag.Columns, 0);
            byte[] m = new byte[labels.length];
            byte[] s = new byte[labels.length];
            byte[] v = new byte[labels.length];
            for (int p = 0; p < labels.length; p++) {
                Tissue t = Tissue.ofLabel(labels[p]);
                m[p] = (byte) (t.isSkeletalMuscle() && (!leftHalfMuscle || p % width < width / 2) ? 1 : 0);
                s[p] = (byte) (t == Tissue.SUBCUTANEOUS_FAT ? 1 : 0);
                v[p] = (byte) (t == Tissue.VISCERAL_FAT ? 1 : 0);
            }
            muscle.add(m);
            sat.add(s);
            vat.add(v);
        }
        SegmentationWriter w = new SegmentationWriter(images).content("LABELS", description, null);
        w.add(segment(1, "Skeletal muscle", Codes.SKELETAL_MUSCLE), muscle);
        w.add(segment(2, "Subcutaneous fat", Codes.SUBCUTANEOUS_ADIPOSE_TISSUE), sat);
        w.add(segment(3, "Visceral fat", Codes.VISCERAL_ADIPOSE_TISSUE), vat);
        String study = truth.info().studyInstanceUid();
        return w.write(new DerivedInstance(
                DerivedInstance.uidFor(study + "/" + description + "/series"),
                DerivedInstance.uidFor(study + "/" + description),
                leftHalfMuscle ? 2 : 9001,
                description,
                1,
                "test",
                "truth",
                java.time.LocalDateTime.now()));
    }

    private static Segment segment(int n, String label, io.radflow.dicom.code.Code type) {
        return new Segment(
                n,
                label,
                Codes.TISSUE,
                type,
                Codes.ABDOMEN,
                AlgorithmType.AUTOMATIC,
                "truth",
                "1",
                null,
                new int[] {50, 50, 50},
                null);
    }

    /** The completed event of the body-composition pipeline for a stored study. */
    static InferenceEvent completed(Stored s, String l3) {
        Map<String, Object> summary = l3 == null ? Map.of("segments", List.of()) : Map.of("l3SopInstanceUid", l3);
        return new InferenceEvent(
                s.study,
                1,
                UUID.randomUUID().toString(),
                PIPELINE,
                PIPELINE,
                "1.0.0",
                true,
                s.series,
                s.segSeries,
                List.of(new InferenceEvent.ResultInstance(UID.SegmentationStorage, s.segUid)),
                summary,
                null,
                Map.of(),
                "CPU",
                Instant.now());
    }

    static void publish(InferenceEvent e, String id) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            var headers = new RecordHeaders();
            new CloudEventHeaders(id, e.eventType(), InferenceEvents.SOURCE, e.studyInstanceUID(), Instant.now())
                    .writeTo(headers);
            producer.send(new ProducerRecord<>(
                            InferenceEvents.TOPIC, null, e.studyInstanceUID(), StudyEvents.toJson(e), headers))
                    .get();
        }
    }

    static void publishStudy(StudyEvent e, String id) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            var headers = new RecordHeaders();
            new CloudEventHeaders(
                            id, e.eventType(), CloudEventHeaders.INGEST_SOURCE, e.studyInstanceUID(), Instant.now())
                    .writeTo(headers);
            producer.send(new ProducerRecord<>(
                            StudyEvents.TOPIC, null, e.studyInstanceUID(), StudyEvents.toJson(e), headers))
                    .get();
        }
    }

    static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(QuantificationEvents.TOPIC));
        return c;
    }

    static QuantificationEvent awaitEvent(KafkaConsumer<String, byte[]> c, Predicate<QuantificationEvent> match) {
        long end = System.nanoTime() + MAX.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                CloudEventHeaders h = CloudEventHeaders.readFrom(r.headers());
                QuantificationEvent e = (QuantificationEvent) StudyEvents.fromJson(h.type(), r.value());
                if (match.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no matching quantification event within " + MAX);
    }

    static JsonPath api(String path, String study) {
        return given().auth()
                .oauth2(TestTokens.forRole(Roles.RADIOLOGIST))
                .get(path, study)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** dciodvfy: no error; no warning but the one about Radflow's private coding scheme. */
    static void assertValid(Attributes a, Path f) throws Exception {
        var r = Peers.dciodvfy(a, f);
        assertThat(r.problems()).as(r.output()).isEmpty();
    }
}
