package io.radflow.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Kafka topic {@code radflow.audit} of {@link DevStackResource}'s broker with a real consumer. */
public final class AuditTopic {
    public static final String TOPIC = "radflow.audit";

    private AuditTopic() {}

    /** The first JSON record on the topic that contains {@code text}, awaited up to 60 s. */
    public static String awaitRecord(String text) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(TOPIC));
            String[] found = new String[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (found[0] == null && r.value().contains(text)) {
                        found[0] = r.value();
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    /** Every record on the topic so far (up to its current end) that contains {@code text}. */
    public static List<String> records(String text) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> out = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().contains(text)) {
                        out.add(r.value());
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return out;
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
