package io.radflow.inference.e2e;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.InferenceEvents;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.testsupport.DevStackResource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
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

/** Study events as ingest writes them, and the inference events a real consumer sees. */
final class Events {
    private Events() {}

    /** The study's DICOM files, as a PACS sends them, stored into Orthanc by C-STORE. */
    static List<Path> storeInto(io.radflow.dicom.testing.OrthancPeer orthanc, io.radflow.teststudies.GroundTruth truth)
            throws Exception {
        List<Path> files;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(truth.dir())) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        var scu = new io.radflow.dicom.net.StoreSCU(
                new io.radflow.dicom.net.ApplicationEntity("PACS"),
                new io.radflow.dicom.net.Connection("127.0.0.1", orthanc.dicomPort),
                "ORTHANC");
        for (var r : scu.send(io.radflow.dicom.net.StoreSCU.scan(files), 1)) {
            if (r.status() != 0) {
                throw new IllegalStateException(
                        "Orthanc refused " + r.instance().file() + ": " + r.error());
            }
        }
        return files;
    }

    /** The study event of files (what ingest would announce for them). */
    static StudyEvent study(List<Path> files, int version) throws IOException {
        Map<String, List<Attributes>> bySeries = new LinkedHashMap<>();
        Attributes first = null;
        for (Path f : files) {
            Attributes a;
            try (var in = new io.radflow.dicom.io.DicomInputStream(f)) {
                a = in.readDatasetUntilPixelData();
            }
            first = first == null ? a : first;
            bySeries.computeIfAbsent(a.getString(Tag.SeriesInstanceUID), k -> new ArrayList<>())
                    .add(a);
        }
        List<SeriesSummary> series = new ArrayList<>();
        for (var e : bySeries.entrySet()) {
            Attributes a = e.getValue().get(0);
            series.add(new SeriesSummary(
                    e.getKey(),
                    a.getInt(Tag.SeriesNumber, 0),
                    a.getString(Tag.Modality),
                    a.getString(Tag.SeriesDescription),
                    a.getString(Tag.BodyPartExamined),
                    List.of(a.getString(Tag.SOPClassUID)),
                    e.getValue().size()));
        }
        return new StudyEvent(
                first.getString(Tag.StudyInstanceUID),
                version,
                first.getString(Tag.PatientID),
                first.getString(Tag.PatientName),
                first.getString(Tag.AccessionNumber),
                first.getString(Tag.StudyDate),
                first.getString(Tag.StudyTime),
                first.getString(Tag.StudyDescription),
                series.stream().map(SeriesSummary::modality).distinct().toList(),
                series.stream().map(SeriesSummary::bodyPartExamined).distinct().toList(),
                series.size(),
                files.size(),
                series,
                null,
                null,
                Instant.now());
    }

    /** The event with one image more in {@code series} than the archive has (a late instance announced). */
    static StudyEvent withLateImage(StudyEvent e, String series) {
        List<SeriesSummary> s = e.series().stream()
                .map(x -> x.seriesInstanceUID().equals(series)
                        ? new SeriesSummary(
                                x.seriesInstanceUID(),
                                x.seriesNumber(),
                                x.modality(),
                                x.seriesDescription(),
                                x.bodyPartExamined(),
                                x.sopClassUIDs(),
                                x.numberOfInstances() + 1)
                        : x)
                .toList();
        return new StudyEvent(
                e.studyInstanceUID(),
                e.version(),
                e.patientID(),
                e.patientName(),
                e.accessionNumber(),
                e.studyDate(),
                e.studyTime(),
                e.studyDescription(),
                e.modalitiesInStudy(),
                e.bodyPartsExamined(),
                e.numberOfSeries(),
                e.numberOfInstances() + 1,
                s,
                e.location(),
                e.retrieveURL(),
                e.lastReceivedAt());
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes a study event with CloudEvents id {@code id}; returns the id. */
    static String publish(StudyEvent e, String id) throws Exception {
        return publish(StudyEvents.TOPIC, e, id);
    }

    /** Publishes a study event to {@code topic} with CloudEvents id {@code id}; returns the id. */
    static String publish(String topic, StudyEvent e, String id) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer()) {
            var headers = new RecordHeaders();
            new CloudEventHeaders(
                            id, e.eventType(), CloudEventHeaders.INGEST_SOURCE, e.studyInstanceUID(), Instant.now())
                    .writeTo(headers);
            p.send(new ProducerRecord<>(topic, null, e.studyInstanceUID(), StudyEvents.toJson(e), headers))
                    .get();
        }
        return id;
    }

    /** Publishes bytes that are no study event (a poison record). */
    static void publishPoison(String key) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer()) {
            var headers = new RecordHeaders();
            new CloudEventHeaders("poison-" + key, EventType.STUDY_READY, "/test", key, Instant.now()).writeTo(headers);
            p.send(new ProducerRecord<>(StudyEvents.TOPIC, null, key, "{not json".getBytes(), headers))
                    .get();
        }
    }

    /** A consumer of the inference events from the beginning. */
    static KafkaConsumer<String, byte[]> inferenceConsumer() {
        return consumer(InferenceEvents.TOPIC);
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** One received inference event. */
    record Received(CloudEventHeaders headers, InferenceEvent event) {}

    /** Inference events read until {@code done} holds for the list, or the time is up. */
    static List<Received> await(KafkaConsumer<String, byte[]> c, Duration max, Predicate<List<Received>> done) {
        List<Received> got = new ArrayList<>();
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end && !done.test(got)) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                CloudEventHeaders h = CloudEventHeaders.readFrom(r.headers());
                got.add(new Received(h, (InferenceEvent) StudyEvents.fromJson(h.type(), r.value())));
            }
        }
        return got;
    }

    /** A consumer of the study events (as ingest publishes them) from the beginning. */
    static KafkaConsumer<String, byte[]> studyConsumer() {
        return consumer(StudyEvents.TOPIC);
    }

    /** One received study event. */
    record ReceivedStudy(CloudEventHeaders headers, StudyEvent event) {}

    /** Study events read until {@code done} holds for the list (records that are no study event skipped). */
    static List<ReceivedStudy> awaitStudyEvents(
            KafkaConsumer<String, byte[]> c, Duration max, Predicate<List<ReceivedStudy>> done) {
        List<ReceivedStudy> got = new ArrayList<>();
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end && !done.test(got)) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                try {
                    CloudEventHeaders h = CloudEventHeaders.readFrom(r.headers());
                    if (StudyEvents.fromJson(h.type(), r.value()) instanceof StudyEvent e) {
                        got.add(new ReceivedStudy(h, e));
                    }
                } catch (RuntimeException e) {
                    // another test's poison record
                }
            }
        }
        return got;
    }

    /** Whether the inference service recorded every one of these event ids as processed. */
    static boolean processed(List<String> eventIds) throws java.sql.SQLException {
        String url =
                "jdbc:postgresql://127.0.0.1:" + DevStackResource.postgres().port() + "/radflow";
        try (var conn = java.sql.DriverManager.getConnection(url, "postgres", "");
                var st = conn.prepareStatement(
                        "SELECT count(DISTINCT event_id) FROM inference.processed_event WHERE event_id = ANY (?)")) {
            st.setArray(1, conn.createArrayOf("text", eventIds.toArray()));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) == eventIds.stream().distinct().count();
            }
        }
    }
}
