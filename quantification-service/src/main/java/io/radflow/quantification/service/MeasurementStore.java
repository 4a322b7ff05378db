package io.radflow.quantification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.QuantificationEvent;
import io.radflow.events.StudyEvents;
import io.radflow.quantification.repository.Anthropometrics;
import io.radflow.quantification.repository.Measurement;
import io.radflow.quantification.repository.OutboxEvent;
import io.radflow.quantification.repository.ProcessedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The measurements' transactions (Hibernate Reactive, one PostgreSQL transaction each); the blocking
 * variants are for the consumer and worker threads.
 */
@ApplicationScoped
public class MeasurementStore {
    /** Who queued a measurement by itself. */
    public static final String SYSTEM = "quantification-service";

    /**
     * Queues the measurement of a completed body-composition run, recording the event in the same
     * transaction: a redelivered event or a replayed job changes nothing. False when it was seen.
     */
    public boolean enqueueFromInference(String eventId, InferenceEvent e, String segSeries, String segSop) {
        return await(() -> Panache.withTransaction(
                () -> ProcessedEvent.<ProcessedEvent>findById(eventId).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().item(false);
                    }
                    ProcessedEvent pe = new ProcessedEvent();
                    pe.eventId = eventId;
                    pe.eventType = e.eventType().type();
                    pe.subject = e.studyInstanceUID();
                    pe.processedAt = Instant.now();
                    return pe.persist()
                            .chain(() -> Measurement.count("triggerKey", e.jobId()))
                            .chain(n -> {
                                if (n > 0) {
                                    return Uni.createFrom().item(false);
                                }
                                Measurement m = queued(e.studyInstanceUID(), "inference", SYSTEM);
                                m.triggerKey = e.jobId();
                                m.sourceSeriesUid = e.sourceSeriesInstanceUID();
                                m.segSeriesUid = segSeries;
                                m.segSopUid = segSop;
                                Object l3 = e.summary().get("l3SopInstanceUid");
                                m.l3SopUid = l3 == null ? null : l3.toString();
                                m.l3Source = "model";
                                m.demo = e.demoModel();
                                m.model = e.modelId() + " " + e.modelVersion();
                                return m.persist().replaceWith(true);
                            });
                })));
    }

    /**
     * Queues a measurement for each label SEG series a person published for a study (announced by the
     * study's {@code updated} event; {@code series}: SEG series UID → number of instances), on the
     * source series and L3 slice of the study's latest measurement, recording the event in the same
     * transaction. Returns how many were queued: none when the event or these states of the series
     * were seen, or the study has no measurement to start from.
     */
    public int enqueueLabels(String eventId, EventType type, String study, java.util.Map<String, Integer> series) {
        return await(() -> Panache.withTransaction(
                () -> ProcessedEvent.<ProcessedEvent>findById(eventId).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().item(0);
                    }
                    ProcessedEvent pe = new ProcessedEvent();
                    pe.eventId = eventId;
                    pe.eventType = type.type();
                    pe.subject = study;
                    pe.processedAt = Instant.now();
                    return pe.persist().chain(() -> Measurement.ofStudy(study)).chain(list -> {
                        if (list.isEmpty() || series.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        Measurement last = list.get(0);
                        java.util.concurrent.atomic.AtomicInteger queued =
                                new java.util.concurrent.atomic.AtomicInteger();
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (var e : series.entrySet()) {
                            String key = "labels/" + e.getKey() + "/" + e.getValue();
                            chain = chain.chain(
                                    () -> Measurement.count("triggerKey", key).chain(n -> {
                                        if (n > 0) {
                                            return Uni.createFrom().voidItem();
                                        }
                                        Measurement m = queued(study, "labels", SYSTEM);
                                        m.triggerKey = key;
                                        m.sourceSeriesUid = last.sourceSeriesUid;
                                        m.segSeriesUid = e.getKey();
                                        m.segSopUid = null;
                                        m.l3SopUid = last.l3SopUid;
                                        m.l3Source = last.l3Source;
                                        m.slabSlices = last.slabSlices;
                                        m.demo = false;
                                        m.model = "labels of SEG series " + e.getKey();
                                        queued.incrementAndGet();
                                        return m.persist().replaceWithVoid();
                                    }));
                        }
                        return chain.map(x -> queued.get());
                    });
                })));
    }

    /** Records an event the service does not act on, so that it is not counted as unseen. */
    public void skip(String eventId, EventType type, String subject) {
        await(() -> Panache.withTransaction(
                () -> ProcessedEvent.<ProcessedEvent>findById(eventId).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().voidItem();
                    }
                    ProcessedEvent pe = new ProcessedEvent();
                    pe.eventId = eventId;
                    pe.eventType = type.type();
                    pe.subject = subject;
                    pe.processedAt = Instant.now();
                    return pe.persist().replaceWithVoid();
                })));
    }

    /**
     * Queues a new measurement of a study from its latest one (same SEG), with another L3 slice when
     * {@code l3Sop} is given and another slab when {@code slab} is; null when the study has no
     * body-composition SEG yet.
     */
    public Uni<Measurement> enqueueAgain(
            String study, String trigger, String l3Sop, String l3Source, Integer slab, String by) {
        return Panache.withTransaction(() -> Measurement.ofStudy(study).chain(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            Measurement last = list.get(0);
            Measurement m = queued(study, trigger, by);
            m.sourceSeriesUid = last.sourceSeriesUid;
            m.segSeriesUid = last.segSeriesUid;
            m.segSopUid = last.segSopUid;
            m.demo = last.demo;
            m.model = last.model;
            m.slabSlices = slab != null ? slab : last.slabSlices;
            if (l3Sop != null) {
                m.l3SopUid = l3Sop;
                m.l3Source = l3Source;
            } else {
                // the latest slice choice stands (an annotator's pick is kept)
                m.l3SopUid = last.l3SopUid;
                m.l3Source = last.l3Source;
            }
            return m.persist().replaceWith(m);
        }));
    }

    /**
     * Queues the measurement of the labels of SEG series {@code segSeries} (its latest instance when
     * run, as {@link #enqueueLabels}) at an annotator's L3 slice {@code l3Sop}, over {@code slab}
     * slices (null: the latest measurement's slab, else 1). The source series is the study's latest
     * measurement's until the SEG is read: its Referenced Series Sequence names the series it labels
     * ({@link MeasurementExecutor}), so a study never measured before can be measured too.
     */
    public Uni<Measurement> enqueueSegAt(
            String study, String segSeries, String l3Sop, Integer slab, String trigger, String by) {
        return Panache.withTransaction(() -> Measurement.ofStudy(study).chain(list -> {
            Measurement last = list.isEmpty() ? null : list.get(0);
            Measurement m = queued(study, trigger, by);
            m.sourceSeriesUid = last == null ? null : last.sourceSeriesUid;
            m.segSeriesUid = segSeries;
            m.segSopUid = null;
            m.l3SopUid = l3Sop;
            m.l3Source = "annotator";
            m.slabSlices = slab != null ? slab : last == null ? 1 : last.slabSlices;
            m.demo = false;
            m.model = "labels of SEG series " + segSeries;
            return m.persist().replaceWith(m);
        }));
    }

    private static Measurement queued(String study, String trigger, String by) {
        Measurement m = new Measurement();
        m.id = UUID.randomUUID();
        m.studyUid = study;
        m.trigger = trigger;
        m.status = Measurement.Status.QUEUED;
        m.requestedBy = by;
        m.createdAt = Instant.now();
        m.notBefore = m.createdAt;
        return m;
    }

    /** Records height and/or weight a person entered for a study. */
    public Uni<Anthropometrics> enter(String study, Double heightM, Double weightKg, String by) {
        return Panache.withTransaction(() -> latestEntry(study).chain(last -> {
            Anthropometrics a = new Anthropometrics();
            a.id = UUID.randomUUID();
            a.studyUid = study;
            // an entry of one value keeps the other entered before
            a.heightM = heightM != null ? heightM : last == null ? null : last.heightM;
            a.weightKg = weightKg != null ? weightKg : last == null ? null : last.weightKg;
            a.enteredBy = by;
            a.enteredAt = Instant.now();
            return a.persist().replaceWith(a);
        }));
    }

    /** The latest entry of a study, or null. */
    public static Uni<Anthropometrics> latestEntry(String study) {
        return Anthropometrics.<Anthropometrics>find("studyUid = ?1 order by enteredAt desc", study)
                .firstResult();
    }

    /** {@link #latestEntry} from a worker thread. */
    public Anthropometrics latestEntryAndWait(String study) {
        return await(() -> Panache.withSession(() -> latestEntry(study)));
    }

    /**
     * Claims the oldest due measurement (FOR UPDATE SKIP LOCKED: replicas never take the same one)
     * with a lease; null when none is due.
     */
    public Measurement claim(Duration lease) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT CAST(id AS text) FROM measurement WHERE status = 'QUEUED'"
                                        + " AND not_before <= now() ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                                String.class)
                        .getSingleResultOrNull())
                .chain(id -> id == null
                        ? Uni.createFrom().<Measurement>nullItem()
                        : Measurement.<Measurement>findById(UUID.fromString(id)).invoke(m -> {
                            m.status = Measurement.Status.RUNNING;
                            m.attempts++;
                            m.notBefore = Instant.now().plus(lease);
                        }))));
    }

    /** Measurements left RUNNING by a process that died (their lease ran out) are queued again. */
    public int requeueExpired() {
        return await(() -> Panache.withTransaction(() -> Measurement.update(
                "status = ?1 where status = ?2 and notBefore < ?3",
                Measurement.Status.QUEUED,
                Measurement.Status.RUNNING,
                Instant.now())));
    }

    /** Back to the queue after a failure that may pass. */
    public void retryLater(UUID id, String reason, Duration delay) {
        await(() -> Panache.withTransaction(
                () -> Measurement.<Measurement>findById(id).invoke(m -> {
                    m.status = Measurement.Status.QUEUED;
                    m.reason = reason;
                    m.notBefore = Instant.now().plus(delay);
                })));
    }

    /** What a successful measurement produced. */
    public record Outcome(
            String resultJson,
            byte[] png,
            String srSeriesUid,
            String srSopUid,
            java.util.Map<String, Object> values,
            List<String> missing,
            int version,
            String segSopUid,
            String sourceSeriesUid) {}

    /** The next measurement version of a study (1 for its first). */
    public int nextVersionAndWait(String study) {
        return await(() -> Panache.withSession(
                () -> Measurement.find("select coalesce(max(version), 0) from Measurement where studyUid = ?1", study)
                        .project(Integer.class)
                        .firstResult()
                        .map(v -> v == null ? 1 : v + 1)));
    }

    /**
     * Ends a measurement (SUCCEEDED with the next version of the study, or FAILED with the reason)
     * and writes its event to the outbox, in one transaction.
     */
    public QuantificationEvent finish(UUID id, Outcome outcome, String reason) {
        return await(() -> Panache.withTransaction(
                () -> Measurement.<Measurement>findById(id).chain(m -> {
                    m.finishedAt = Instant.now();
                    if (outcome == null) {
                        m.status = Measurement.Status.FAILED;
                        m.reason = reason;
                    } else {
                        m.status = Measurement.Status.SUCCEEDED;
                        m.reason = null;
                        m.version = outcome.version();
                        m.result = outcome.resultJson();
                        m.png = outcome.png();
                        m.srSeriesUid = outcome.srSeriesUid();
                        m.srSopUid = outcome.srSopUid();
                        m.segSopUid = outcome.segSopUid();
                        m.sourceSeriesUid = outcome.sourceSeriesUid();
                    }
                    QuantificationEvent ev = new QuantificationEvent(
                            m.studyUid,
                            m.id.toString(),
                            m.version == null ? 0 : m.version,
                            m.trigger,
                            m.segSopUid,
                            m.l3SopUid,
                            m.l3Source,
                            m.srSeriesUid,
                            m.srSopUid,
                            outcome == null ? null : outcome.values(),
                            outcome == null ? null : outcome.missing(),
                            m.demo,
                            m.reason,
                            m.finishedAt);
                    OutboxEvent o = new OutboxEvent();
                    o.id = UUID.randomUUID();
                    o.eventType = ev.eventType().type();
                    o.eventKey = m.studyUid;
                    o.payload = new String(StudyEvents.toJson(ev), StandardCharsets.UTF_8);
                    o.createdAt = Instant.now();
                    return o.persist().replaceWith(ev);
                })));
    }

    /**
     * Up to {@code limit} unpublished outbox events, oldest first, claimed for this replica's relay
     * (service-commons {@code OutboxRelay.CLAIM_SQL}: several replicas never send the same event together).
     */
    public List<OutboxEvent> unpublished(int limit) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(io.radflow.service.messaging.OutboxRelay.CLAIM_SQL, OutboxEvent.class)
                        .setParameter(1, limit)
                        .getResultList())));
    }

    /** Marks events published. */
    public void published(List<UUID> ids) {
        if (!ids.isEmpty()) {
            await(() -> Panache.withTransaction(
                    () -> OutboxEvent.update("publishedAt = ?1 where id in ?2", Instant.now(), ids)));
        }
    }

    /** JSON of a value (the stored result). */
    public static String json(Object o) {
        try {
            return StudyEvents.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs a reactive operation from a worker thread and waits for it. */
    static <T> T await(Supplier<Uni<T>> op) {
        return io.radflow.service.reactive.Blocking.await(op);
    }
}
