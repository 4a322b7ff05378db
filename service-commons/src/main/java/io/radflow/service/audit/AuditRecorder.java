package io.radflow.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.radflow.service.messaging.KafkaClientSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes audit records ({@link AuditEvent}) to the service's own PostgreSQL schema (table {@code
 * audit_event}, created by the service's Flyway migration; SQL in {@code docs/security.md}) and to the
 * Kafka topic {@code radflow.audit} (JSON, key = Study Instance UID, else user, else record id).
 *
 * <p>Recording never blocks or fails the request that is audited: records go through a bounded queue
 * ({@code radflow.audit.queue-capacity}) to one writer thread, which writes what has accumulated as one
 * JDBC batch (up to {@value #BATCH} rows) and sends each record to Kafka, so a burst of stored instances
 * costs one round trip per batch. A record that cannot be written to one sink is still written to the
 * other, and the failure is logged at ERROR with the record's id; {@link #failures()} counts them. On a
 * clean shutdown the queue is drained (late in the shutdown, after the services stopped receiving, up to
 * {@code radflow.audit.shutdown-timeout}, 30 s) before the Kafka producer is closed; records still queued
 * when the process is killed are lost.
 */
@ApplicationScoped
public class AuditRecorder {
    private static final Logger LOG = Logger.getLogger(AuditRecorder.class);
    // a record written twice (same id: a bridged event of another system) is stored once
    private static final String INSERT = "INSERT INTO audit_event (id, event_time, event_id, event_type,"
            + " action_code, outcome, source_id, user_id, client_id, user_roles, network_access_point,"
            + " patient_id, study_instance_uid, http_method, request_path, http_status, detail, event_type_code)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private final boolean enabled;
    private final String source;
    private final String topic;
    private final String bootstrapServers;
    private final Instance<AgroalDataSource> dataSource;
    private final ObjectMapper mapper;
    private final BlockingQueue<AuditEvent> queue;
    private final Duration shutdownTimeout;
    private final Thread writer;
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private static final String UNDEFINED_TABLE = "42P01";
    private static final int BATCH = 500;

    private final AtomicLong failures = new AtomicLong();
    private volatile boolean missingTableReported;
    private KafkaProducer<String, String> producer;

    AuditRecorder(
            @ConfigProperty(name = "radflow.audit.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "radflow.audit.topic", defaultValue = "radflow.audit") String topic,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "radflow.audit.queue-capacity", defaultValue = "10000") int capacity,
            @ConfigProperty(name = "radflow.audit.shutdown-timeout", defaultValue = "30S") Duration shutdownTimeout,
            Instance<AgroalDataSource> dataSource,
            ObjectMapper mapper) {
        this.enabled = enabled;
        this.source = source;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.shutdownTimeout = shutdownTimeout;
        this.writer =
                enabled ? Thread.ofPlatform().daemon().name("radflow-audit").start(this::writeLoop) : null;
    }

    /** Records the event built so far, with this service as the audit source unless one was set. */
    public void record(AuditEvent.Builder event) {
        record(event.source() == null ? event.source(source).build() : event.build());
    }

    /** Queues one record for writing; returns at once. */
    public void record(AuditEvent event) {
        if (!enabled) {
            return;
        }
        if (closing || !queue.offer(event)) {
            failures.incrementAndGet();
            LOG.errorf(
                    "audit queue full or closed, record %s (%s %s by %s) dropped",
                    event.id(), event.type().displayName(), event.outcome(), event.userId());
        }
    }

    /**
     * Writes records at once, on the caller's thread, for a caller that must neither lose nor repeat them
     * (a bridge of another system's events that keeps its own watermark): first to Kafka, waiting for the
     * broker's acknowledgement, then as rows through {@code connection}, which the caller commits together
     * with its watermark. A failure of either sink throws, so the caller keeps its watermark and tries again
     * later; a retry after a failure between the two steps sends a record to Kafka again (same id), while
     * the rows are stored once (records with an id already present are skipped).
     *
     * @throws SQLException when the rows cannot be written (the caller rolls back)
     * @throws NotRecordedException when Kafka did not acknowledge a record, or recording is disabled
     */
    public void writeNow(List<AuditEvent> events, Connection connection) throws SQLException, NotRecordedException {
        if (!enabled || closing) {
            throw new NotRecordedException("audit recording is " + (enabled ? "shutting down" : "disabled"), null);
        }
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>(events.size());
        try {
            for (AuditEvent e : events) {
                acks.add(producer().send(new ProducerRecord<>(topic, key(e), toJson(e))));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while writing to Kafka topic " + topic, ex);
        } catch (JsonProcessingException
                | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException
                | RuntimeException ex) {
            throw new NotRecordedException("not written to Kafka topic " + topic + ": " + ex, ex);
        }
        try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            for (AuditEvent e : events) {
                bind(st, e);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** A record {@link #writeNow} could not write. */
    public static final class NotRecordedException extends Exception {
        NotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Records that could not be written to a sink since start. */
    public long failures() {
        return failures.get();
    }

    /** The audit source id of this service (its application name). */
    public String source() {
        return source;
    }

    private void writeLoop() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            AuditEvent first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<AuditEvent> batch) {
        try {
            insert(batch);
        } catch (SQLException ex) {
            if (UNDEFINED_TABLE.equals(ex.getSQLState())) {
                failures.addAndGet(batch.size());
                if (!missingTableReported) {
                    missingTableReported = true;
                    LOG.errorf(
                            "no audit_event table in this service's schema: audit records go to Kafka only"
                                    + " until the migration of docs/security.md is added (%s)",
                            ex.getMessage());
                }
            } else {
                // one bad record must not cost the others their row
                for (AuditEvent e : batch) {
                    try {
                        insert(List.of(e));
                    } catch (SQLException | RuntimeException one) {
                        failures.incrementAndGet();
                        LOG.errorf("audit record %s not written to PostgreSQL: %s", e.id(), one.getMessage());
                    }
                }
            }
        } catch (RuntimeException ex) {
            failures.addAndGet(batch.size());
            LOG.errorf(
                    "%d audit records (first %s) not written to PostgreSQL: %s",
                    batch.size(), batch.get(0).id(), ex.getMessage());
        }
        for (AuditEvent e : batch) {
            send(e);
        }
    }

    private void send(AuditEvent e) {
        try {
            producer().send(new ProducerRecord<>(topic, key(e), toJson(e)), (md, ex) -> {
                if (ex != null) {
                    failures.incrementAndGet();
                    LOG.errorf("audit record %s not written to Kafka topic %s: %s", e.id(), topic, ex.getMessage());
                }
            });
        } catch (RuntimeException | JsonProcessingException ex) {
            failures.incrementAndGet();
            LOG.errorf("audit record %s not written to Kafka topic %s: %s", e.id(), topic, ex.getMessage());
        }
    }

    /** Kafka key: the Study Instance UID, else the user, else the record id. */
    private static String key(AuditEvent e) {
        if (e.studyInstanceUid() != null) {
            return e.studyInstanceUid();
        }
        return e.userId() != null ? e.userId() : e.id().toString();
    }

    private void insert(List<AuditEvent> batch) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
                PreparedStatement st = c.prepareStatement(INSERT)) {
            for (AuditEvent e : batch) {
                bind(st, e);
                st.addBatch();
            }
            st.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static void bind(PreparedStatement st, AuditEvent e) throws SQLException {
        {
            st.setObject(1, e.id());
            st.setTimestamp(2, Timestamp.from(e.time()));
            st.setString(3, e.type().code());
            st.setString(4, e.type().displayName());
            st.setString(5, String.valueOf(e.type().actionCode()));
            st.setInt(6, e.outcome().indicator());
            st.setString(7, e.source());
            st.setString(8, e.userId());
            st.setString(9, e.clientId());
            st.setString(10, e.roles().isEmpty() ? null : String.join(",", e.roles()));
            st.setString(11, e.networkAccessPoint());
            st.setString(12, e.patientId());
            st.setString(13, e.studyInstanceUid());
            st.setString(14, e.httpMethod());
            st.setString(15, e.requestPath());
            if (e.httpStatus() == 0) {
                st.setNull(16, Types.INTEGER);
            } else {
                st.setInt(16, e.httpStatus());
            }
            st.setString(17, e.detail());
            st.setString(18, e.typeCode() == null ? null : e.typeCode().code());
        }
    }

    /** The record as JSON, in the structure of a DICOM audit message (PS3.15 A.5). */
    String toJson(AuditEvent e) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("eventDateTime", e.time().toString());
        Map<String, Object> eventId = new LinkedHashMap<>();
        eventId.put("code", e.type().code());
        eventId.put("codingScheme", "DCM");
        eventId.put("displayName", e.type().displayName());
        m.put("eventId", eventId);
        m.put("eventActionCode", String.valueOf(e.type().actionCode()));
        if (e.typeCode() != null) {
            Map<String, Object> typeCode = new LinkedHashMap<>();
            typeCode.put("code", e.typeCode().code());
            typeCode.put("codingScheme", "DCM");
            typeCode.put("displayName", e.typeCode().displayName());
            m.put("eventTypeCode", typeCode);
        }
        m.put("eventOutcomeIndicator", e.outcome().indicator());
        m.put("auditSourceId", e.source());
        Map<String, Object> requester = new LinkedHashMap<>();
        requester.put("userId", e.userId());
        requester.put("clientId", e.clientId());
        requester.put("roles", e.roles());
        requester.put("networkAccessPointId", e.networkAccessPoint());
        requester.put("userIsRequestor", true);
        m.put("activeParticipant", requester);
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("patientId", e.patientId());
        objects.put("studyInstanceUid", e.studyInstanceUid());
        m.put("participantObject", objects);
        if (e.httpMethod() != null) {
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("method", e.httpMethod());
            http.put("path", e.requestPath());
            http.put("status", e.httpStatus());
            m.put("http", http);
        }
        m.put("detail", e.detail());
        return mapper.writeValueAsString(m);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = KafkaClientSecurity.properties(bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "radflow-audit-" + source);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * Drains the queue late in the shutdown, after the services' own shutdown observers stopped receiving
     * (the DICOM listener, for example), while the data source is still open.
     */
    void onShutdown(@Observes @Priority(Integer.MAX_VALUE - 100) ShutdownEvent event) {
        close();
    }

    @PreDestroy
    void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        closing = true;
        if (writer != null) {
            try {
                writer.join(shutdownTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive() || !queue.isEmpty()) {
                failures.addAndGet(queue.size());
                LOG.errorf(
                        "audit writer did not finish within %s: %d records not written", shutdownTimeout, queue.size());
            }
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}
