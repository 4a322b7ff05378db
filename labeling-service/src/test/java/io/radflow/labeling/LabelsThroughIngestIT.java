package io.radflow.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.Segmentation;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.InferenceEvents;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.labeling.labels.MaskRle;
import io.radflow.labeling.testing.Api;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestProcess;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.S3ProxyResource;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Labels through the archive, as a hospital runs it: real Keycloak, the packaged ingest-service as a
 * process, Kafka. An abdominal CT is stored; a model's SEG of it is stored and announced by {@code
 * radflow.inference.completed}, and becomes version 1 of a label set by itself (AI pre-labels, source =
 * the model), after an event naming a SEG the index does not have and one whose object is missing from the
 * archive, both skipped; an annotator (Keycloak login) corrects it — manual strokes on one segment, a HU
 * threshold on another — and publishes the version: the SEG ingest archived, read back by WADO-RS with
 * the SEG reader, has exactly the label set's masks, MANUAL / SEMIAUTOMATIC / AUTOMATIC algorithm types
 * from the segments' history (naming the model it started from), is valid for dciodvfy, and ingest
 * announces it in the study's {@code updated} event (what quantification recomputes from). The archive is
 * the S3 bucket (s3proxy) of {@link StowThroughIngestIT.Profile}.
 */
@QuarkusTest
@TestProfile(StowThroughIngestIT.Profile.class)
class LabelsThroughIngestIT {
    static final int SLICES = 4;
    static final String MODEL = "radflow-body-composition";
    static final String MODEL_VERSION = "0.9.1";
    static IngestProcess ingest;

    @BeforeAll
    static void startIngest() throws Exception {
        // the profile's archive is an S3 bucket (StowThroughIngestIT.Profile): ingest writes there too
        ingest = IngestProcess.start("labels-ingest.log", StowThroughIngestIT.s3IngestOptions());
    }

    @AfterAll
    static void stopIngest() throws InterruptedException {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void preLabelsCorrectedAndPublishedAsSeg() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data"));
        GroundTruth g = TestStudies.abdominalCt(4242, SLICES).writeTo(Files.createTempDirectory(dir, "labels-"));
        String study = g.info().studyInstanceUid();
        String series = g.series().get(0).seriesInstanceUid();
        List<String> sops = g.series().get(0).sopInstanceUids();
        String annotator = KeycloakResource.passwordToken("annotator", "annotator");
        DicomWebClient dicomweb = new DicomWebClient(
                Http.DICOMWEB, () -> "Bearer " + annotator, () -> {}, DicomWebClient.Timeouts.DEFAULT);

        List<Attributes> images = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            try (DicomInputStream in = new DicomInputStream(g.file(i))) {
                images.add(in.readDataset());
            }
        }
        assertThat(dicomweb.store(images).allStored()).isTrue();

        // the model's SEG: muscle and subcutaneous fat of the truth, stored and announced
        int rows = images.get(0).getInt(Tag.Rows, 0);
        int cols = images.get(0).getInt(Tag.Columns, 0);
        SegmentationWriter w = new SegmentationWriter(images);
        List<byte[]> muscle = new ArrayList<>();
        List<byte[]> sat = new ArrayList<>();
        for (SourceFrame f : w.sourceFrames()) {
            byte[] labels = g.study().ctStudy().primary().labels(sops.indexOf(f.sopInstanceUid()));
            muscle.add(masks(labels, Tissue::isSkeletalMuscle));
            sat.add(masks(labels, t -> t == Tissue.SUBCUTANEOUS_FAT));
        }
        w.add(automatic(1, "Skeletal muscle", Codes.SKELETAL_MUSCLE), muscle);
        w.add(automatic(2, "Subcutaneous fat", Codes.SUBCUTANEOUS_ADIPOSE_TISSUE), sat);
        String aiSeries = UID.createUID();
        Attributes aiSeg = w.write(new DerivedInstance(
                aiSeries, null, 1000, "Radflow AI DEMO - body composition", 1, "test", MODEL, LocalDateTime.now()));
        assertThat(dicomweb.store(List.of(aiSeg)).allStored()).isTrue();
        String aiSop = aiSeg.getString(Tag.SOPInstanceUID);
        // a second SEG, indexed, whose object then goes missing from the bucket
        String lostSeries = UID.createUID();
        Attributes lostSeg = w.write(new DerivedInstance(
                lostSeries, null, 1001, "Radflow AI DEMO - lost", 1, "test", MODEL, LocalDateTime.now()));
        assertThat(dicomweb.store(List.of(lostSeg)).allStored()).isTrue();
        String lostSop = lostSeg.getString(Tag.SOPInstanceUID);
        Files.delete(S3ProxyResource.server()
                .bucketsDir()
                .resolve(StowThroughIngestIT.BUCKET)
                .resolve(study + "/" + lostSeries + "/" + lostSop + ".dcm"));
        // an event naming a SEG the index does not have, and one whose object is missing, are skipped, and do
        // not hold up the next one
        publishCompleted(study, series, aiSeries, "1.2.826.0.1.3680043.99.404");
        publishCompleted(study, series, lostSeries, lostSop);
        publishCompleted(study, series, aiSeries, aiSop);

        // pre-labels: version 1 of a label set, made by the model
        JsonNode set = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            for (JsonNode s : Api.get(bearer(), "/api/v1/label-sets?study=" + study)
                                    .json()) {
                                if (aiSop.equals(s.path("importedFrom").asText())) {
                                    return s;
                                }
                            }
                            return null;
                        },
                        s -> s != null);
        long id = set.get("id").asLong();
        JsonNode v1 =
                Api.get(bearer(), "/api/v1/label-sets/" + id + "/versions/1").json();
        assertThat(v1.at("/version/source").asText()).isEqualTo("model");
        assertThat(v1.at("/version/sourceDetail").asText()).isEqualTo(MODEL + " " + MODEL_VERSION);
        assertThat(v1.at("/version/author").asText()).isEqualTo("inference-service");
        assertThat(set.get("seriesInstanceUID").asText()).isEqualTo(series);
        Map<String, byte[]> expected = new HashMap<>();
        for (int i = 0; i < SLICES; i++) {
            byte[] labels = g.study().ctStudy().primary().labels(i);
            put(expected, sops.get(i), 1, masks(labels, Tissue::isSkeletalMuscle));
            put(expected, sops.get(i), 2, masks(labels, t -> t == Tissue.SUBCUTANEOUS_FAT));
        }
        assertThat(content(v1, rows * cols)).containsOnlyKeys(expected.keySet());
        expected.forEach(
                (k, m) -> assertThat(content(v1, rows * cols).get(k)).as(k).isEqualTo(m));

        // the annotator's correction: a stroke erased from the muscle of slice 1, visceral fat added by
        // HU threshold on slice 2 as a new segment
        byte[] corrected = expected.get(sops.get(1) + "/1").clone();
        for (int x = 0; x < cols; x++) {
            corrected[(rows / 2) * cols + x] = 0;
        }
        byte[] vat = masks(g.study().ctStudy().primary().labels(2), t -> t == Tissue.VISCERAL_FAT);
        Answer v2 = save(id, 1, "manual", null, List.of(slice(sops.get(1), 1, corrected)));
        assertThat(v2.status()).as(v2.text()).isEqualTo(201);
        Answer v3 = save(
                id,
                2,
                "threshold",
                List.of(Map.of("number", 3, "label", "Visceral fat")),
                List.of(slice(sops.get(2), 3, vat)));
        assertThat(v3.status()).as(v3.text()).isEqualTo(201);
        put(expected, sops.get(1), 1, corrected);
        put(expected, sops.get(2), 3, vat);

        Api.Answer published = Api.send(
                null,
                HttpRequest.newBuilder(Api.uri("/api/v1/label-sets/" + id + "/publish"))
                        .header("Authorization", "Bearer " + annotator)
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(published.status()).as(published.text()).isEqualTo(201);
        String segSeries = published.json().get("seriesInstanceUID").asText();
        String segSop = published.json().get("sopInstanceUID").asText();
        assertThat(published.json().get("version").asInt()).isEqualTo(3);

        // the archived SEG equals the label set
        Attributes stored = dicomweb.retrieveInstance(study, segSeries, segSop).dataset();
        assertThat(stored.getString(Tag.SeriesDescription)).startsWith("Radflow labels - ");
        Segmentation seg = SegmentationReader.read(stored);
        assertThat(seg.referencedSeriesUid()).isEqualTo(series);
        Map<Integer, List<byte[]>> byNumber = seg.masksFor(SourceFrame.of(images));
        Map<String, byte[]> archived = new HashMap<>();
        Map<String, Integer> numberOf = new HashMap<>();
        for (Segment s : seg.segments()) {
            numberOf.put(s.label(), s.number());
        }
        int[] labelNumber = {
            0, numberOf.get("Skeletal muscle"), numberOf.get("Subcutaneous fat"), numberOf.get("Visceral fat")
        };
        for (int n = 1; n <= 3; n++) {
            List<byte[]> list = byNumber.get(labelNumber[n]);
            for (int i = 0; i < SLICES; i++) {
                if (list.get(i) != null && MaskRle.count(list.get(i)) > 0) {
                    put(archived, images.get(i).getString(Tag.SOPInstanceUID), n, list.get(i));
                }
            }
        }
        assertThat(archived).containsOnlyKeys(expected.keySet());
        expected.forEach((k, m) -> assertThat(binary(archived.get(k))).as(k).isEqualTo(m));
        Segment m = seg.segment(numberOf.get("Skeletal muscle"));
        assertThat(m.algorithmType()).isEqualTo(AlgorithmType.SEMIAUTOMATIC);
        assertThat(m.algorithmName()).isEqualTo(MODEL);
        assertThat(m.algorithmVersion()).isEqualTo(MODEL_VERSION);
        Segment f = seg.segment(numberOf.get("Subcutaneous fat"));
        assertThat(f.algorithmType()).isEqualTo(AlgorithmType.AUTOMATIC);
        Segment v = seg.segment(numberOf.get("Visceral fat"));
        assertThat(v.algorithmType()).isEqualTo(AlgorithmType.SEMIAUTOMATIC);
        assertThat(v.algorithmName()).contains("threshold");
        dciodvfy(stored);

        // the version records its SEG; ingest announces the study's new series
        JsonNode versions =
                Api.get(bearer(), "/api/v1/label-sets/" + id + "/versions").json();
        assertThat(versions.get(2).get("publishedSopInstanceUID").asText()).isEqualTo(segSop);
        StudyEvent updated = awaitUpdated(study, segSeries);
        assertThat(updated.series().stream()
                        .filter(s -> s.seriesInstanceUID().equals(segSeries))
                        .findFirst()
                        .orElseThrow()
                        .seriesDescription())
                .startsWith("Radflow labels - ");

        // and the published SEG imports back into the same masks (a person's labels: source imported-seg)
        Api.Answer back = Api.post(
                bearer(),
                "/api/v1/label-sets/import",
                Map.of("studyInstanceUID", study, "seriesInstanceUID", segSeries, "sopInstanceUID", segSop));
        assertThat(back.status()).as(back.text()).isEqualTo(201);
        long id2 = back.json().get("id").asLong();
        JsonNode c =
                Api.get(bearer(), "/api/v1/label-sets/" + id2 + "/versions/1").json();
        assertThat(c.at("/version/source").asText()).isEqualTo("model"); // its muscle names the model
        assertThat(c.get("slices")).hasSize(expected.size());
    }

    record Answer(int status, String text) {}

    /** The annotator's Authorization from the real Keycloak (password grant). */
    static String bearer() {
        return "Bearer " + KeycloakResource.passwordToken("annotator", "annotator");
    }

    static Answer save(
            long id, int base, String source, List<Map<String, Object>> segments, List<Map<String, Object>> slices) {
        Map<String, Object> body = new HashMap<>();
        body.put("baseVersion", base);
        body.put("source", source);
        body.put("slices", slices);
        if (segments != null) {
            body.put("segments", segments);
        }
        String token = KeycloakResource.passwordToken("annotator", "annotator");
        Api.Answer a = Api.send(
                null,
                HttpRequest.newBuilder(Api.uri("/api/v1/label-sets/" + id + "/versions"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body))));
        return new Answer(a.status(), a.text());
    }

    static String json(Object o) {
        try {
            return Api.JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> slice(String sop, int segment, byte[] mask) {
        return Map.of("sopInstanceUID", sop, "frame", 1, "segment", segment, "mask", MaskRle.encodeBase64(mask));
    }

    static Segment automatic(int number, String label, io.radflow.dicom.code.Code type) {
        return new Segment(
                number,
                label,
                Codes.TISSUE,
                type,
                null,
                AlgorithmType.AUTOMATIC,
                MODEL,
                MODEL_VERSION,
                null,
                null,
                null);
    }

    static byte[] masks(byte[] labels, java.util.function.Predicate<Tissue> in) {
        byte[] m = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            m[i] = (byte) (in.test(Tissue.ofLabel(labels[i])) ? 1 : 0);
        }
        return m;
    }

    static byte[] binary(byte[] mask) {
        byte[] b = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            b[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return b;
    }

    static void put(Map<String, byte[]> m, String sop, int segment, byte[] mask) {
        if (MaskRle.count(mask) > 0) {
            m.put(sop + "/" + segment, mask);
        } else {
            m.remove(sop + "/" + segment);
        }
    }

    static Map<String, byte[]> content(JsonNode version, int pixels) {
        Map<String, byte[]> out = new HashMap<>();
        for (JsonNode s : version.get("slices")) {
            out.put(
                    s.get("sopInstanceUID").asText() + "/" + s.get("segment").asInt(),
                    MaskRle.decodeBase64(s.get("mask").asText(), pixels));
        }
        return out;
    }

    static void publishCompleted(String study, String series, String resultSeries, String segSop) throws Exception {
        InferenceEvent e = new InferenceEvent(
                study,
                1,
                UUID.randomUUID().toString(),
                MODEL,
                MODEL,
                MODEL_VERSION,
                true,
                series,
                resultSeries,
                List.of(new InferenceEvent.ResultInstance(UID.SegmentationStorage, segSop)),
                Map.of(),
                null,
                Map.of(),
                "CPU",
                Instant.now());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            var headers = new RecordHeaders();
            new CloudEventHeaders(
                            UUID.randomUUID().toString(), e.eventType(), InferenceEvents.SOURCE, study, Instant.now())
                    .writeTo(headers);
            producer.send(new ProducerRecord<>(InferenceEvents.TOPIC, null, study, StudyEvents.toJson(e), headers))
                    .get();
        }
    }

    static StudyEvent awaitUpdated(String study, String series) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "labels-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(StudyEvents.TOPIC));
            StudyEvent[] found = new StudyEvent[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    CloudEventHeaders h = CloudEventHeaders.readFrom(r.headers());
                    if (study.equals(r.key()) && h.type() == EventType.STUDY_UPDATED) {
                        StudyEvent e = (StudyEvent) StudyEvents.fromJson(h.type(), r.value());
                        if (e.series().stream()
                                .anyMatch(s -> s.seriesInstanceUID().equals(series))) {
                            found[0] = e;
                        }
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    static void dciodvfy(Attributes a) throws Exception {
        var r = Peers.dciodvfy(a, Files.createTempFile(Path.of("target"), "label-seg-", ".dcm"));
        assertThat(r.problems()).as(r.output()).isEmpty();
    }
}
