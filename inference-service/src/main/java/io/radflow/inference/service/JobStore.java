package io.radflow.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.inference.repository.Job;
import io.radflow.inference.repository.JobStatus;
import io.radflow.inference.repository.OutboxEvent;
import io.radflow.inference.repository.ProcessedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The jobs' transactions. Each is one PostgreSQL transaction (Hibernate Reactive); the blocking
 * variants are for the consumer and worker threads, which are not Vert.x threads.
 */
@ApplicationScoped
public class JobStore {
    /** What {@link #schedule} did with an event. */
    public enum Scheduled {
        /** Jobs created (or a SKIPPED record). */
        NEW,
        /** A new event whose jobs exist already (same input: a replay, or an update by derived objects only). */
        UNCHANGED,
        /** The event was handled before: nothing done. */
        DUPLICATE
    }

    /**
     * Records a study event and the jobs it makes, in one transaction: a redelivered event (same
     * CloudEvents id) or a replayed one (same job keys) changes nothing.
     */
    public Uni<Scheduled> schedule(
            String eventId, EventType type, StudyEvent study, Router.Decision decision, String retrieveUrl) {
        return Panache.withTransaction(
                () -> ProcessedEvent.<ProcessedEvent>findById(eventId).chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().item(Scheduled.DUPLICATE);
                    }
                    ProcessedEvent pe = new ProcessedEvent();
                    pe.eventId = eventId;
                    pe.eventType = type.type();
                    pe.subject = study.studyInstanceUID();
                    pe.processedAt = Instant.now();
                    List<Job> jobs = new ArrayList<>();
                    for (Router.Route r : decision.routes()) {
                        Job j = newJob(eventId, study, r.model().id(), retrieveUrl);
                        j.modelId = r.model().id();
                        j.modelVersion = r.model().version();
                        j.seriesUid = r.series().seriesInstanceUID();
                        j.jobKey = Job.key(
                                study.studyInstanceUID(),
                                j.pipeline,
                                j.modelVersion,
                                j.seriesUid,
                                r.series().numberOfInstances());
                        j.status = JobStatus.QUEUED;
                        jobs.add(j);
                    }
                    if (jobs.isEmpty()) {
                        Job j = newJob(eventId, study, "none", retrieveUrl);
                        j.jobKey = study.studyInstanceUID() + "/v" + study.version() + "/none";
                        j.status = JobStatus.SKIPPED;
                        j.reason = decision.skipReason();
                        j.finishedAt = Instant.now();
                        jobs.add(j);
                    }
                    java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
                    Uni<Void> chain = pe.persist().replaceWithVoid();
                    for (Job j : jobs) {
                        chain = chain.chain(() -> Job.byKey(j.jobKey).chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().voidItem();
                            }
                            created.incrementAndGet();
                            return j.persist().replaceWithVoid();
                        }));
                    }
                    return chain.map(x -> created.get() > 0 ? Scheduled.NEW : Scheduled.UNCHANGED);
                }));
    }

    /** {@link #schedule} from a non-Vert.x thread. */
    public Scheduled scheduleAndWait(
            String eventId, EventType type, StudyEvent study, Router.Decision decision, String retrieveUrl) {
        return await(() -> schedule(eventId, type, study, decision, retrieveUrl));
    }

    /** A new job to run a pipeline again on a study (a new key, so new result instances). */
    public Uni<Job> rerun(Job template, String pipeline) {
        return Panache.withTransaction(() -> {
            Job j = new Job();
            j.id = UUID.randomUUID();
            j.eventId = null;
            j.studyUid = template.studyUid;
            j.studyVersion = template.studyVersion;
            j.pipeline = pipeline;
            j.modelId = template.modelId;
            j.modelVersion = template.modelVersion;
            j.seriesUid = template.seriesUid;
            j.retrieveUrl = template.retrieveUrl;
            j.jobKey = j.studyUid + "/" + pipeline + "@" + j.modelVersion + "/" + j.seriesUid + "/rerun/" + j.id;
            j.status = JobStatus.QUEUED;
            j.createdAt = Instant.now();
            j.notBefore = j.createdAt;
            return j.persist().replaceWith(j);
        });
    }

    private static Job newJob(String eventId, StudyEvent study, String pipeline, String retrieveUrl) {
        Job j = new Job();
        j.id = UUID.randomUUID();
        j.eventId = eventId;
        j.studyUid = study.studyInstanceUID();
        j.studyVersion = study.version();
        j.pipeline = pipeline;
        j.retrieveUrl = retrieveUrl;
        j.createdAt = Instant.now();
        j.notBefore = j.createdAt;
        return j;
    }

    /**
     * Claims the oldest due job for {@code owner} (FOR UPDATE SKIP LOCKED: replicas never take the
     * same job), marks it RUNNING with a lease; null when none is due.
     */
    public Job claim(String owner, Duration lease) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT CAST(id AS text) FROM job WHERE status = 'QUEUED' AND not_before <= now()"
                                        + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                                String.class)
                        .getSingleResultOrNull())
                .chain(id -> id == null
                        ? Uni.createFrom().<Job>nullItem()
                        : Job.<Job>findById(UUID.fromString(id)).invoke(j -> {
                            j.status = JobStatus.RUNNING;
                            j.attempts++;
                            j.owner = owner;
                            j.startedAt = Instant.now();
                            j.notBefore = j.startedAt.plus(lease);
                        }))));
    }

    /** At start: this instance's jobs left RUNNING by a crash run again. Returns how many. */
    public int requeueOwnedBy(String ownerPrefix) {
        return await(() -> Panache.withTransaction(() -> Job.update(
                "status = ?1, notBefore = ?2 where status = ?3 and owner like ?4",
                JobStatus.QUEUED,
                Instant.now(),
                JobStatus.RUNNING,
                ownerPrefix + "%")));
    }

    /** Running jobs whose lease ran out (their instance died) are queued again. */
    public int requeueExpired() {
        return await(() -> Panache.withTransaction(() -> Job.update(
                "status = ?1 where status = ?2 and notBefore < ?3",
                JobStatus.QUEUED,
                JobStatus.RUNNING,
                Instant.now())));
    }

    /** Jobs waiting or running (back-pressure). */
    public long pending() {
        return await(() -> Panache.withSession(Job::pending));
    }

    /** Back to the queue after a failure that may pass, not before {@code delay}. */
    public void retryLater(UUID id, String reason, Duration delay) {
        await(() -> Panache.withTransaction(() -> Job.<Job>findById(id).invoke(j -> {
            j.status = JobStatus.QUEUED;
            j.reason = reason;
            j.notBefore = Instant.now().plus(delay);
        })));
    }

    /** Ends a job and writes its event to the outbox, in one transaction. */
    public void finish(UUID id, JobStatus status, InferenceEvent event, Map<String, Object> summary) {
        await(() -> Panache.withTransaction(() -> Job.<Job>findById(id).chain(j -> {
            j.status = status;
            j.reason = event.reason();
            j.finishedAt = Instant.now();
            j.resultSeriesUid = event.resultSeriesInstanceUID();
            j.resultInstances = String.join(
                    ",",
                    event.resultInstances().stream()
                            .map(r -> r.sopClassUID() + "/" + r.sopInstanceUID())
                            .toList());
            j.summary = json(summary);
            j.timings = json(event.timingsMs());
            j.executionProvider = event.executionProvider();
            OutboxEvent o = new OutboxEvent();
            o.id = UUID.randomUUID();
            o.eventType = event.eventType().type();
            o.eventKey = event.studyInstanceUID();
            o.payload = new String(StudyEvents.toJson(event), java.nio.charset.StandardCharsets.UTF_8);
            o.createdAt = Instant.now();
            return o.persist();
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
        if (ids.isEmpty()) {
            return;
        }
        await(() -> Panache.withTransaction(
                () -> OutboxEvent.update("publishedAt = ?1 where id in ?2", Instant.now(), ids)));
    }

    static String json(Object o) {
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
