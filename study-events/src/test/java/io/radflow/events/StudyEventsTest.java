package io.radflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class StudyEventsTest {
    static final Instant T = Instant.parse("2026-11-21T10:15:30.123Z");

    static StudyEvent study(int version) {
        return new StudyEvent(
                "1.2.826.0.1.3680043.8.498.1",
                version,
                "PAT-001",
                "Doe^Jane",
                "ACC42",
                "20261121",
                "101530",
                "CT ABDOMEN",
                List.of("CT"),
                List.of("ABDOMEN"),
                1,
                40,
                List.of(new SeriesSummary(
                        "1.2.826.0.1.3680043.8.498.1.1",
                        2,
                        "CT",
                        "Axial 1mm",
                        "ABDOMEN",
                        List.of("1.2.840.10008.5.1.4.1.1.2"),
                        40)),
                "file:///archive/1.2.826.0.1.3680043.8.498.1/",
                "http://localhost:8080/dicomweb/studies/1.2.826.0.1.3680043.8.498.1",
                T);
    }

    static InstanceConflict conflict() {
        return new InstanceConflict(
                "1.2.3",
                "1.2.3.4",
                "1.2.3.4.5",
                "1.2.840.10008.5.1.4.1.1.2",
                InstanceConflict.Kind.DIFFERENT_CONTENT,
                InstanceConflict.Resolution.KEPT_FIRST,
                "aa",
                "bb",
                "P1",
                "P1",
                "dimse:ORTHANC",
                T);
    }

    @Test
    void studyEventRoundTripsThroughJson() {
        StudyEvent e = study(1);
        byte[] json = StudyEvents.toJson(e);
        assertThat(StudyEvents.fromJson(EventType.STUDY_READY, json)).isEqualTo(e);
        assertThat(e.eventType()).isEqualTo(EventType.STUDY_READY);
        assertThat(study(2).eventType()).isEqualTo(EventType.STUDY_UPDATED);
    }

    @Test
    void conflictRoundTripsThroughJson() {
        InstanceConflict c = conflict();
        assertThat(StudyEvents.fromJson(EventType.INSTANCE_CONFLICT, StudyEvents.toJson(c)))
                .isEqualTo(c);
    }

    @Test
    void jsonUsesIsoInstantsAndIgnoresUnknownProperties() throws IOException {
        JsonNode n = StudyEvents.mapper().readTree(StudyEvents.toJson(study(3)));
        assertThat(n.get("lastReceivedAt").asText()).isEqualTo("2026-11-21T10:15:30.123Z");
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("addedLater", 1);
        StudyEvent back = (StudyEvent) StudyEvents.fromJson(
                EventType.STUDY_UPDATED, StudyEvents.mapper().writeValueAsBytes(n));
        assertThat(back.version()).isEqualTo(3);
    }

    @Test
    void schemasNameExactlyThePropertiesWritten() throws IOException {
        assertSchemaMatches(StudyEvents.STUDY_EVENT_SCHEMA, StudyEvents.toJson(study(1)));
        assertSchemaMatches(StudyEvents.INSTANCE_CONFLICT_SCHEMA, StudyEvents.toJson(conflict()));
        assertSchemaMatches(InferenceEvents.SCHEMA, StudyEvents.toJson(inference(null)));
        assertSchemaMatches(QuantificationEvents.SCHEMA, StudyEvents.toJson(quantification(null)));
        JsonNode schema = schema(StudyEvents.STUDY_EVENT_SCHEMA);
        JsonNode series = StudyEvents.mapper()
                .readTree(StudyEvents.toJson(study(1)))
                .get("series")
                .get(0);
        assertThat(names(series)).isEqualTo(names(schema.at("/properties/series/items/properties")));
    }

    private static void assertSchemaMatches(String resource, byte[] json) throws IOException {
        JsonNode schema = schema(resource);
        JsonNode value = StudyEvents.mapper().readTree(json);
        assertThat(names(value)).isEqualTo(names(schema.get("properties")));
        for (JsonNode req : schema.get("required")) {
            assertThat(value.get(req.asText()).isNull()).as(req.asText()).isFalse();
        }
    }

    private static JsonNode schema(String resource) throws IOException {
        try (InputStream in = StudyEvents.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return StudyEvents.mapper().readTree(in);
        }
    }

    private static Set<String> names(JsonNode obj) {
        Set<String> s = new TreeSet<>();
        obj.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static InferenceEvent inference(String reason) {
        return new InferenceEvent(
                "1.2.3",
                2,
                "job-1",
                "chest-ct-lesions",
                "chest-ct-lesions",
                "1.0.0",
                true,
                "1.2.3.4",
                reason == null ? "1.2.3.9" : null,
                reason == null
                        ? List.of(new InferenceEvent.ResultInstance("1.2.840.10008.5.1.4.1.1.66.4", "1.2.3.9.1"))
                        : List.of(),
                reason == null ? Map.of("positive", true) : Map.of(),
                reason,
                Map.of("run", 120L),
                "CPU",
                Instant.parse("2026-12-07T06:00:00Z"));
    }

    @Test
    void inferenceEventsRoundTripWithTheirType() {
        InferenceEvent done = inference(null);
        assertThat(done.eventType()).isEqualTo(EventType.INFERENCE_COMPLETED);
        assertThat(StudyEvents.fromJson(EventType.INFERENCE_COMPLETED, StudyEvents.toJson(done)))
                .isEqualTo(done);
        InferenceEvent failed = inference("no pixel data");
        assertThat(failed.eventType()).isEqualTo(EventType.INFERENCE_FAILED);
        assertThat(EventType.of("radflow.inference.failed").payloadClass()).isEqualTo(InferenceEvent.class);
        assertThat(StudyEvents.fromJson(EventType.INFERENCE_FAILED, StudyEvents.toJson(failed)))
                .isEqualTo(failed);
    }

    static QuantificationEvent quantification(String reason) {
        return new QuantificationEvent(
                "1.2.3",
                "m-1",
                1,
                "inference",
                "1.2.3.9.1",
                "1.2.3.4.5",
                "model",
                reason == null ? "1.2.3.10" : null,
                reason == null ? "1.2.3.10.1" : null,
                reason == null ? Map.of("skeletalMuscleAreaCm2", 150.2) : Map.of(),
                List.of("BMI: no weight"),
                true,
                reason,
                Instant.parse("2026-12-07T06:00:00Z"));
    }

    @Test
    void quantificationEventsRoundTripWithTheirType() {
        QuantificationEvent done = quantification(null);
        assertThat(done.eventType()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
        assertThat(StudyEvents.fromJson(EventType.QUANTIFICATION_COMPLETED, StudyEvents.toJson(done)))
                .isEqualTo(done);
        QuantificationEvent failed = quantification("no L3 slice");
        assertThat(failed.eventType()).isEqualTo(EventType.QUANTIFICATION_FAILED);
        assertThat(EventType.of("radflow.quantification.failed").payloadClass()).isEqualTo(QuantificationEvent.class);
        assertThat(StudyEvents.fromJson(EventType.QUANTIFICATION_FAILED, StudyEvents.toJson(failed)))
                .isEqualTo(failed);
    }

    @Test
    void kafkaBinaryBindingHeadersRoundTrip() {
        StudyEvent e = study(1);
        CloudEventHeaders h = CloudEventHeaders.create(
                EventType.STUDY_READY, CloudEventHeaders.INGEST_SOURCE, e.studyInstanceUID(), T);
        ProducerRecord<String, byte[]> pr = new StudyEventRecord(h, e).toProducerRecord(StudyEvents.TOPIC);
        assertThat(pr.key()).isEqualTo(e.studyInstanceUID());
        List<String> headerNames = new ArrayList<>();
        pr.headers().forEach(x -> headerNames.add(x.key()));
        assertThat(headerNames)
                .containsExactly(
                        "ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type");
        assertThat(new String(pr.headers().lastHeader("ce_type").value())).isEqualTo("radflow.study.ready");
        assertThat(new String(pr.headers().lastHeader("content-type").value())).isEqualTo("application/json");

        ConsumerRecord<String, byte[]> cr = new ConsumerRecord<>(StudyEvents.TOPIC, 0, 7L, pr.key(), pr.value());
        pr.headers().forEach(x -> cr.headers().add(x));
        StudyEventRecord back = StudyEventRecord.of(cr);
        assertThat(back.headers()).isEqualTo(h);
        assertThat(back.payload()).isEqualTo(e);
        assertThat(new EventPayloadDeserializer().deserialize(StudyEvents.TOPIC, cr.headers(), cr.value()))
                .isEqualTo(e);
        assertThat(new EventPayloadSerializer().serialize(StudyEvents.TOPIC, e)).isEqualTo(pr.value());
    }

    @Test
    void malformedHeadersAreRejected() {
        ProducerRecord<String, byte[]> pr = new StudyEventRecord(
                        CloudEventHeaders.create(EventType.STUDY_READY, "/x", "9.9.9", T), study(1))
                .toProducerRecord(StudyEvents.TOPIC);
        ConsumerRecord<String, byte[]> cr = new ConsumerRecord<>(StudyEvents.TOPIC, 0, 0L, pr.key(), pr.value());
        pr.headers().forEach(x -> cr.headers().add(x));
        assertThatThrownBy(() -> StudyEventRecord.of(cr)).hasMessageContaining("differs");
        cr.headers().remove("ce_id");
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(cr.headers())).hasMessageContaining("ce_id");
        assertThatThrownBy(() -> EventType.of("radflow.other")).isInstanceOf(IllegalArgumentException.class);
    }
}
