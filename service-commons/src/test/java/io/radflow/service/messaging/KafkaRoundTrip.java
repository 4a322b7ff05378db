package io.radflow.service.messaging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * Kafka clients built as the services build theirs: {@link KafkaClientSecurity#clientProperties} and the
 * client's own settings, with short timeouts so that a refused client fails in seconds.
 */
final class KafkaRoundTrip {
    private KafkaRoundTrip() {}

    /** The settings of {@code settings} (full names, radflow.kafka.*) as the services read them. */
    static KafkaClientSecurity security(Map<String, String> settings) {
        return KafkaClientSecurity.of(name -> Optional.ofNullable(settings.get(name)));
    }

    /**
     * Creates a topic with an admin client, sends one record with an idempotent producer and reads it
     * back with a consumer of a new group; returns the value read.
     */
    static String roundTrip(KafkaClientSecurity security, String bootstrap) throws Exception {
        String topic = "radflow.security-test." + UUID.randomUUID();
        String value = "event " + UUID.randomUUID();
        Properties admin = security.clientProperties(bootstrap);
        admin.put("default.api.timeout.ms", 30_000);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        send(security, bootstrap, topic, value);
        Properties c = security.clientProperties(bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "radflow-security-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> read = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read.add(r.value());
                }
            }
            consumer.commitSync();
            return read.isEmpty() ? null : read.get(0);
        }
    }

    /**
     * What a client with these settings is refused with when it sends a record: the cause of the failed
     * send, as a service's outbox relay logs it.
     */
    static AbstractThrowableAssert<?, ? extends Throwable> refused(KafkaClientSecurity security, String bootstrap) {
        return assertThatThrownBy(() -> send(security, bootstrap, "radflow.refused", "x"))
                .isInstanceOf(ExecutionException.class)
                .cause();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    static void send(KafkaClientSecurity security, String bootstrap, String topic, String value)
            throws InterruptedException, ExecutionException {
        Properties p = security.clientProperties(bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "1.2.3", value)).get();
        }
    }
}
