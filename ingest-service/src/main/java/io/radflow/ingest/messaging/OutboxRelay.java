package io.radflow.ingest.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.service.messaging.KafkaClientSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The outbox relay: publishes unpublished outbox rows, in insertion order, to the study event
 * topic (key StudyInstanceUID, CloudEvents binary headers, {@code ce_id} = row id) with an
 * idempotent producer, waits for every acknowledgement, then marks the rows published in the same
 * transaction that locked them. One relay at a time (transaction-scoped advisory lock), so the
 * order per study holds with several replicas. When Kafka is down, the rows wait (gauge {@code
 * radflow_ingest_outbox_backlog}) and the batch is retried; the producer's own retries are
 * idempotent, so waiting out an outage of minutes neither loses nor duplicates events.
 *
 * <p>Published rows stay for {@code radflow.ingest.outbox-retention} (what was announced, and when) and
 * are then deleted by the relay thread, at most every {@code outbox-purge-interval}, in batches of {@value
 * #PURGE_BATCH} rows, each its own short transaction; unpublished rows are never deleted. Purging does not
 * take the relay lock: with several replicas, each deletes what it finds.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Held by the relay while it publishes (transaction-scoped advisory lock). */
    public static final long RELAY_LOCK = 0x5261646C6F77L; // "Radlow"

    private static final int BATCH = 500;
    static final int PURGE_BATCH = 1000;
    static final int PURGE_BATCHES_PER_PASS = 10;

    private final AgroalDataSource ds;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final String bootstrap;
    private final Semaphore wake = new Semaphore(0);
    private volatile long backlog;
    private volatile boolean running;
    private KafkaProducer<String, byte[]> producer;
    private volatile Thread thread;

    OutboxRelay(
            AgroalDataSource ds,
            IngestConfig config,
            IngestMetrics metrics,
            MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.ds = ds;
        this.config = config;
        this.metrics = metrics;
        this.bootstrap = bootstrap;
        Gauge.builder("radflow.ingest.outbox.backlog", this, r -> r.backlog)
                .description("events in the outbox not yet published to Kafka")
                .register(registry);
    }

    void start(@Observes StartupEvent ev) {
        Properties settings = KafkaClientSecurity.properties(bootstrap);
        settings.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "radflow-ingest-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = Thread.ofPlatform().daemon().name("outbox-relay").start(this::loop);
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(5000);
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }

    /** Asks the relay to look at the outbox now (after a commit that wrote events). */
    public void wakeUp() {
        wake.release();
    }

    /** Whether the relay thread runs (also before it is started, so that a starting service is not DOWN). */
    public boolean alive() {
        Thread t = thread;
        return t == null || t.isAlive();
    }

    /** Events not yet published, as last counted. */
    public long backlog() {
        return backlog;
    }

    /**
     * Creates the topic if it is missing (broker defaults for partitions and replication) and loads its
     * metadata into the producer, so that the first event does not wait for topic auto-creation.
     * Failures are only logged: the relay retries publishing anyway.
     */
    private void prepareTopic() {
        Properties settings = KafkaClientSecurity.properties(bootstrap);
        settings.putAll(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "radflow-ingest-topic",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        try (Admin admin = Admin.create(settings)) {
            try {
                admin.createTopics(List.of(new NewTopic(config.topic(), Optional.empty(), Optional.empty())))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                LOG.infof("created topic %s", config.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            producer.partitionsFor(config.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(
                    "outbox relay: cannot prepare topic %s now (%s); it is created on first publish",
                    config.topic(), e);
        }
    }

    private void loop() {
        prepareTopic();
        long backoff = 0;
        long nextPurge = System.nanoTime();
        while (running) {
            try {
                wake.tryAcquire(backoff > 0 ? backoff : config.relayInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!running) {
                    return;
                }
                if (System.nanoTime() - nextPurge >= 0) { // also while Kafka is down
                    // more left (a backlog of old rows): go on after the next relay batch
                    nextPurge = purgePublished() == PURGE_BATCH * PURGE_BATCHES_PER_PASS
                            ? System.nanoTime()
                            : System.nanoTime() + config.outboxPurgeInterval().toNanos();
                }
                while (running && relayBatch() == BATCH) {
                    // a full batch: more may wait
                }
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                backoff = Math.min(Math.max(backoff * 2, 250), 5000);
                LOG.warnf("outbox relay: %s (retrying in %d ms, %d events waiting)", e.toString(), backoff, backlog);
            } catch (Error e) {
                LOG.errorf(e, "outbox relay stopped by %s: nothing is published until a restart (liveness DOWN)", e);
                throw e;
            }
        }
    }

    /**
     * Deletes published events older than the retention ({@code outbox-retention}, zero: keep all), a
     * batch per transaction, at most {@value #PURGE_BATCHES_PER_PASS} batches (so that a large backlog of
     * old rows does not hold up publishing); returns how many were deleted. A failure is logged and left
     * for the next purge.
     */
    int purgePublished() {
        long retentionMs = config.outboxRetention().toMillis();
        if (retentionMs <= 0) {
            return 0;
        }
        int total = 0;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        """
                        DELETE FROM outbox WHERE id IN (
                          SELECT id FROM outbox
                          WHERE published_at IS NOT NULL AND published_at < now() - ? * interval '1 millisecond'
                          ORDER BY published_at LIMIT ?)
                        """)) {
            c.setAutoCommit(true);
            ps.setLong(1, retentionMs);
            ps.setInt(2, PURGE_BATCH);
            int n;
            int batches = 0;
            do {
                n = ps.executeUpdate();
                total += n;
                if (n > 0) {
                    metrics.outboxPurged(n);
                }
            } while (n == PURGE_BATCH && ++batches < PURGE_BATCHES_PER_PASS && running);
        } catch (SQLException e) {
            LOG.warnf("outbox relay: cannot delete published events older than %s now (%s)", retention(), e);
        }
        if (total > 0) {
            LOG.infof("outbox: deleted %d published events older than %s", total, retention());
        }
        return total;
    }

    /** The retention as an operator wrote it ({@code 168h}, not {@code PT168H}). */
    private String retention() {
        return config.outboxRetention().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Publishes one batch; returns the number of events published. */
    int relayBatch() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                    ps.setLong(1, RELAY_LOCK);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return 0; // another replica relays
                        }
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        backlog = rs.getLong(1);
                    }
                }
                if (backlog == 0) {
                    c.rollback();
                    return 0;
                }
                long t0 = System.nanoTime();
                List<UUID> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<String> types = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        """
                        SELECT id, aggregate_id, event_type, payload::text, created_at FROM outbox
                        WHERE published_at IS NULL ORDER BY seq LIMIT ?
                        """)) {
                    ps.setInt(1, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            UUID id = rs.getObject(1, UUID.class);
                            String study = rs.getString(2);
                            EventType type = EventType.of(rs.getString(3));
                            byte[] value = rs.getString(4).getBytes(StandardCharsets.UTF_8);
                            var time = rs.getTimestamp(5).toInstant();
                            ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.topic(), study, value);
                            new CloudEventHeaders(id.toString(), type, CloudEventHeaders.INGEST_SOURCE, study, time)
                                    .writeTo(r.headers());
                            acks.add(producer.send(r));
                            ids.add(id);
                            types.add(type.type());
                        }
                    }
                }
                for (Future<RecordMetadata> f : acks) {
                    f.get(); // every record acknowledged before any is marked
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    ps.executeUpdate();
                }
                c.commit();
                backlog -= ids.size();
                metrics.stage("publish", t0);
                for (String t : types) {
                    metrics.event(t, 1);
                }
                LOG.debugf("published %d events", ids.size());
                return ids.size();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // connection broken
                }
                throw e;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }
}
