package io.radflow.service.messaging;

import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventPayload;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvents;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * An idempotent consumer of Radflow events on one thread: offsets are committed only after the
 * handler recorded an event's effects (with its CloudEvents id, in the same transaction); a record
 * that cannot be read is logged, counted and skipped, so it never blocks its partition; when the
 * handler cannot record (the database is down) the record and the rest of its partition are read
 * again after a pause. Events of other types than {@code types} are passed over.
 */
public final class EventConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    /** What a service does with an event. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Records the event's effects; throws when they could not be recorded and the event must be
         * read again (a transient failure such as the database being down).
         */
        void handle(CloudEventHeaders headers, EventPayload payload) throws Exception;
    }

    private final String name;
    private final Properties properties;
    private final String topic;
    private final Set<EventType> types;
    private final Handler handler;
    private final Runnable onPoison;
    private final Runnable afterCommit;
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * Starts consuming.
     *
     * @param name thread and client id
     * @param bootstrap Kafka bootstrap servers (security: {@link KafkaClientSecurity})
     * @param group consumer group
     * @param topic the topic
     * @param types the event types handled
     * @param handler records each event
     * @param onPoison called for each unreadable record (a metric)
     * @param afterCommit called after offsets were committed (e.g. to wake workers)
     */
    public EventConsumer(
            String name,
            String bootstrap,
            String group,
            String topic,
            Set<EventType> types,
            Handler handler,
            Runnable onPoison,
            Runnable afterCommit) {
        this.name = name;
        this.topic = topic;
        this.types = Set.copyOf(types);
        this.handler = handler;
        this.onPoison = onPoison;
        this.afterCommit = afterCommit;
        this.properties = KafkaClientSecurity.properties(bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        if (!handle(r)) {
                            consumer.seek(tp, r.offset()); // read again after the pause
                            break;
                        }
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                    afterCommit.run();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped", name);
        }
    }

    /** Handles one record; false when it must be read again. */
    private boolean handle(ConsumerRecord<String, byte[]> r) {
        CloudEventHeaders ce;
        EventPayload payload;
        try {
            ce = CloudEventHeaders.readFrom(r.headers());
            if (!types.contains(ce.type())) {
                return true;
            }
            payload = StudyEvents.fromJson(ce.type(), r.value());
        } catch (RuntimeException e) {
            onPoison.run();
            LOG.errorf(
                    "%s: skipping an unreadable event at %s-%d offset %d (key %s): %s",
                    name, r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            return true;
        }
        try {
            handler.handle(ce, payload);
            return true;
        } catch (OutOfMemoryError | StackOverflowError e) {
            // this event cannot be handled in this service's memory: skipped with its reason, the
            // consumer goes on with the others (a thread that died here would stop every later event)
            onPoison.run();
            LOG.errorf(
                    "%s: skipping event %s (%s) at %s-%d offset %d: %s",
                    name, ce.id(), ce.type(), r.topic(), r.partition(), r.offset(), e);
            return true;
        } catch (Exception e) {
            LOG.warnf("%s: cannot record event %s: %s; reading it again shortly", name, ce.id(), e.getMessage());
            try {
                Thread.sleep(2000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
