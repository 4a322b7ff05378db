package io.radflow.inference.bench;

import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.InferenceEvents;
import io.radflow.events.StudyEvents;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end inference benchmark against a running Radflow ({@code deploy/local/up.sh}): a chest CT
 * of {@code slices} slices and a chest radiograph are sent by C-STORE to ingest, as a PACS sends them;
 * the clock runs from ingest's {@code radflow.study.ready} event (Kafka record time) to the inference
 * service's {@code radflow.inference.completed} event, and the event's per-stage milliseconds (fetch,
 * decode, preprocess, run, postprocess, encode, store) split it. "queue + events" is what the stages
 * do not cover: the consumer picking the event up, the job being claimed, and the outbox relay
 * publishing the completion. Each study is sent twice (two seeds): the first after the services
 * started is the cold one. Run by {@code bin/inference-benchmark e2e}.
 *
 * <p>Arguments: DICOM host:port of ingest, called AE title, Kafka bootstrap, CT slices, work dir.
 */
public final class EndToEndBenchmark {
    private static final List<String> STAGES =
            List.of("fetch", "decode", "preprocess", "run", "postprocess", "encode", "store");

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        String[] dicom = args[0].split(":");
        String calledAe = args[1];
        String kafka = args[2];
        int slices = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));
        long base = System.currentTimeMillis() % 100_000;
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            for (int round = 0; round < 2; round++) {
                String when = round == 0 ? "first" : "second";
                GroundTruth ct =
                        TestStudies.chestCt(base + round, slices, 2).writeTo(work.resolve("ct-" + base + "-" + round));
                run("chest CT " + slices + " slices (" + when + ")", ct, dicom, calledAe, consumer);
                GroundTruth dx = TestStudies.chestRadiograph(base + round, ViewPosition.PA, List.of(Finding.PNEUMONIA))
                        .writeTo(work.resolve("dx-" + base + "-" + round));
                run("chest DX (" + when + ")", dx, dicom, calledAe, consumer);
            }
        }
    }

    private static void run(
            String name, GroundTruth truth, String[] dicom, String calledAe, KafkaConsumer<String, byte[]> consumer)
            throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(truth.dir())) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        String study = truth.info().studyInstanceUid();
        StoreSCU scu = new StoreSCU(
                new ApplicationEntity("PACS"), new Connection(dicom[0], Integer.parseInt(dicom[1])), calledAe);
        long t0 = System.nanoTime();
        for (var r : scu.send(StoreSCU.scan(files), 1)) {
            if (r.status() != 0) {
                throw new IllegalStateException("ingest refused " + r.instance().file() + ": " + r.error());
            }
        }
        double sendS = (System.nanoTime() - t0) / 1e9;
        long ready = -1;
        InferenceEvent done = null;
        long completed = -1;
        long end = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (done == null && System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (!study.equals(r.key())) {
                    continue;
                }
                CloudEventHeaders h = CloudEventHeaders.readFrom(r.headers());
                if (h.type() == EventType.STUDY_READY && ready < 0) {
                    ready = r.timestamp();
                } else if (h.type() == EventType.INFERENCE_COMPLETED || h.type() == EventType.INFERENCE_FAILED) {
                    InferenceEvent e = (InferenceEvent) StudyEvents.fromJson(h.type(), r.value());
                    if (h.type() == EventType.INFERENCE_FAILED) {
                        throw new IllegalStateException(name + ": the job failed: " + e.reason());
                    }
                    done = e;
                    completed = r.timestamp();
                }
            }
        }
        if (done == null || ready < 0) {
            throw new IllegalStateException(name + ": no ready and completed events within 20 minutes");
        }
        long total = completed - ready;
        Map<String, Long> t = done.timingsMs();
        long staged = 0;
        StringBuilder b = new StringBuilder();
        for (String s : STAGES) {
            long v = t.getOrDefault(s, 0L);
            staged += v;
            b.append(String.format(Locale.ROOT, " %s=%d", s, v));
        }
        long run = t.getOrDefault("run", 0L);
        System.out.printf(
                Locale.ROOT,
                "e2e case=\"%s\" images=%d sent_s=%.2f ready_to_completed_ms=%d%s queue_and_events=%d"
                        + " model_compute_pct=%.1f outside_model_pct=%.1f provider=%s%n",
                name,
                files.size(),
                sendS,
                total,
                b,
                total - staged,
                100.0 * run / total,
                100.0 * (total - run) / total,
                done.executionProvider());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "radflow-e2e-benchmark-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(StudyEvents.TOPIC, InferenceEvents.TOPIC));
        // join the group and take the current end offsets before anything is sent
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.assignment().isEmpty() && System.nanoTime() < end) {
            c.poll(Duration.ofMillis(200));
        }
        c.seekToEnd(c.assignment());
        c.assignment().forEach(c::position);
        return c;
    }
}
