package io.radflow.service.messaging;

import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes a service's transactional outbox to one Kafka topic (key StudyInstanceUID, CloudEvents
 * binary headers, the outbox id as {@code ce_id}), oldest first, and marks the events published.
 * Kafka down: the events wait in PostgreSQL, nothing is lost; a consumer may see an event twice after
 * a crash between send and mark, and recognises it by its {@code ce_id}. One daemon thread; {@link
 * #signal()} wakes it when an event was written, otherwise it looks every half second.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** An event waiting in the outbox. */
    public record Pending(UUID id, EventType type, String key, byte[] payload, Instant createdAt) {}

    /** The service's outbox table. */
    public interface Store {
        /** Up to {@code limit} unpublished events, oldest first. */
        List<Pending> unpublished(int limit);

        /** Marks events published. */
        void published(List<UUID> ids);

        /**
         * A store of a service's outbox rows of type {@code R}: {@code unpublished} reads them,
         * {@code pending} maps one to its event, {@code published} marks them.
         */
        static <R> Store of(
                java.util.function.IntFunction<List<R>> unpublished,
                java.util.function.Function<R, Pending> pending,
                java.util.function.Consumer<List<UUID>> published) {
            return new Store() {
                @Override
                public List<Pending> unpublished(int limit) {
                    return unpublished.apply(limit).stream().map(pending).toList();
                }

                @Override
                public void published(List<UUID> ids) {
                    published.accept(ids);
                }
            };
        }
    }

    /**
     * SQL that claims up to {@code ?1} unpublished events of an {@code outbox} table (columns {@code id,
     * event_type, event_key, payload, created_at, published_at, claimed_until}) for {@value
     * #CLAIM_SECONDS} s and returns them oldest first: rows another replica's relay holds are skipped
     * ({@code FOR UPDATE SKIP LOCKED}, then the claim), so with several replicas each event is sent by
     * one of them (again only when its relay died or Kafka failed for longer than the claim, with the same
     * {@code ce_id}). Run it in a transaction; it starts with {@code WITH}, so an ORM runs it as a query.
     */
    public static final String CLAIM_SQL =
            """
            WITH c AS (SELECT id FROM outbox WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                       ORDER BY created_at LIMIT ?1 FOR UPDATE SKIP LOCKED),
                 u AS (UPDATE outbox o SET claimed_until = now() + make_interval(secs => 30) FROM c WHERE o.id = c.id
                       RETURNING o.id, o.event_type, o.event_key, o.payload, o.created_at, o.published_at)
            SELECT id, event_type, event_key, payload, created_at, published_at FROM u ORDER BY created_at
            """;

    /** How long a relay's claim on events lasts ({@link #CLAIM_SQL}). */
    public static final int CLAIM_SECONDS = 30;

    /** An outbox row's event: its JSON payload as UTF-8. */
    public static Pending pending(UUID id, String type, String key, String payload, Instant createdAt) {
        return new Pending(
                id, EventType.of(type), key, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), createdAt);
    }

    private final String name;
    private final String topic;
    private final String source;
    private final Store store;
    private final KafkaProducer<String, byte[]> producer;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * Starts relaying.
     *
     * @param name the thread's and producer's name (e.g. {@code inference-outbox-relay})
     * @param bootstrap Kafka bootstrap servers (security: {@link KafkaClientSecurity})
     * @param topic the topic
     * @param source the CloudEvents source
     * @param store the outbox
     */
    public OutboxRelay(String name, String bootstrap, String topic, String source, Store store) {
        this.name = name;
        this.topic = topic;
        this.source = source;
        this.store = store;
        Properties p = KafkaClientSecurity.properties(bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, name);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the relay (an event was written). */
    public void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        signal();
        try {
            thread.join(5000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private void loop() {
        while (running) {
            int sent;
            try {
                sent = publishBatch();
            } catch (Exception ex) {
                LOG.warnf("%s: events wait in the outbox: %s", name, ex.getMessage());
                pause(2000);
                continue;
            }
            if (sent == 0) {
                pause(500);
            }
        }
    }

    /** Publishes up to 100 events; returns how many. */
    int publishBatch() throws Exception {
        List<Pending> batch = store.unpublished(100);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Pending o : batch) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, o.key(), o.payload());
            new CloudEventHeaders(o.id().toString(), o.type(), source, o.key(), o.createdAt()).writeTo(r.headers());
            futures.add(producer.send(r));
        }
        List<UUID> done = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            futures.get(i).get(30, TimeUnit.SECONDS);
            done.add(batch.get(i).id());
        }
        store.published(done);
        return done.size();
    }

    private void pause(long ms) {
        synchronized (signal) {
            try {
                signal.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
