package io.radflow.ingest.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service's own audit records (IHE ATNA, through service-commons' {@link AuditRecorder}),
 * "DICOM Instances Transferred" ({@code 110104}): the instances of one association or STOW-RS request
 * stored for one study (and patient) with one outcome are one record, listing every SOP Instance UID,
 * as the ATNA message carries a study and its instances (written when the association closes or the
 * STOW-RS response is sent, and at least every {@value #MAX_INSTANCES} instances or {@value
 * #MAX_AGE_SECONDS} s); a failed instance is a record of its own, with its reason; a rejected association
 * or STOW request is one record. Called at the edges (the C-STORE handler's result, the STOW-RS response),
 * never inside the store path; the recorder queues and writes asynchronously.
 */
@ApplicationScoped
public class InstanceAudit {
    /** Most instances in one record. */
    static final int MAX_INSTANCES = 500;

    /** An association's record is written at least this often while it stays open. */
    static final int MAX_AGE_SECONDS = 10;

    private final AuditRecorder recorder;
    private final Map<Object, Map<Key, Batch>> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("instance-audit").unstarted(r));

    InstanceAudit(AuditRecorder recorder) {
        this.recorder = recorder;
        flusher.scheduleWithFixedDelay(this::flushOld, MAX_AGE_SECONDS, 1, TimeUnit.SECONDS);
    }

    /** What the instances of one record share. */
    private record Key(
            String via, Requestor who, String study, String patient, IngestResult.Outcome outcome, int status) {}

    /** Instances of one record so far. */
    private static final class Batch {
        final long since = System.nanoTime();
        final Set<String> sops = new LinkedHashSet<>();
        final Set<String> classes = new LinkedHashSet<>();
        final Set<String> series = new LinkedHashSet<>();
        String reason;
    }

    /**
     * Who sent instances: the token's user and client with its roles (STOW-RS, DIMSE with a JWT identity)
     * or the calling AE title, and the peer's address.
     *
     * @param user token user name or calling AE title
     * @param client OAuth client ({@code azp}), or null
     * @param roles realm roles, empty for an AE without identity
     * @param address the peer's IP address
     * @param callingAeTitle the DIMSE calling AE title, or null for STOW-RS
     * @param calledAeTitle the DIMSE called AE title (which ingest AE received), or null for STOW-RS
     */
    public record Requestor(
            String user,
            String client,
            List<String> roles,
            String address,
            String callingAeTitle,
            String calledAeTitle) {
        public Requestor {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * One instance received by C-STORE on {@code association}: a failure is recorded now, a success joins
     * the association's record for its study (written by {@link #associationClosed}).
     */
    public void cstore(Object association, Requestor who, IngestResult r) {
        if (!r.success()) {
            recorder.record(instance(who, r, "C-STORE"));
            return;
        }
        Key k = new Key("C-STORE", who, r.studyInstanceUID(), r.patientID(), r.outcome(), r.status());
        Map<Key, Batch> batches = open.computeIfAbsent(association, a -> new ConcurrentHashMap<>());
        Batch full = null;
        synchronized (batches) {
            Batch b = batches.computeIfAbsent(k, x -> new Batch());
            add(b, r);
            if (b.sops.size() >= MAX_INSTANCES) {
                full = batches.remove(k);
            }
        }
        if (full != null) {
            recorder.record(batch(k, full));
        }
    }

    /** Writes the records of an association's instances (it was released or aborted). */
    public void associationClosed(Object association) {
        Map<Key, Batch> batches = open.remove(association);
        if (batches != null) {
            synchronized (batches) {
                batches.forEach((k, b) -> recorder.record(batch(k, b)));
                batches.clear();
            }
        }
    }

    /**
     * The instances (parts) of a STOW-RS request answered with {@code httpStatus}: one record per study,
     * patient and outcome of the stored ones, one per failed one.
     */
    public void stow(Requestor who, List<IngestResult> results, String path, int httpStatus) {
        Map<Key, Batch> batches = new java.util.LinkedHashMap<>();
        for (IngestResult r : results) {
            if (r.success()) {
                add(
                        batches.computeIfAbsent(
                                new Key("STOW-RS", who, r.studyInstanceUID(), r.patientID(), r.outcome(), r.status()),
                                x -> new Batch()),
                        r);
            } else {
                recorder.record(instance(who, r, "STOW-RS").http("POST", path, httpStatus));
            }
        }
        batches.forEach((k, b) -> recorder.record(batch(k, b).http("POST", path, httpStatus)));
    }

    /** Writes every pending record (the service stops; the recorder drains its queue after this). */
    void flushAll(@Observes @Priority(2900) ShutdownEvent ev) {
        flusher.shutdownNow();
        for (Object a : List.copyOf(open.keySet())) {
            associationClosed(a);
        }
    }

    /** Writes the records of associations open for long (a PACS may keep one open for hours). */
    private void flushOld() {
        long limit = System.nanoTime() - TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS);
        for (Map<Key, Batch> batches : open.values()) {
            synchronized (batches) {
                batches.entrySet().removeIf(e -> {
                    if (e.getValue().since - limit > 0) {
                        return false;
                    }
                    recorder.record(batch(e.getKey(), e.getValue()));
                    return true;
                });
            }
        }
    }

    private static void add(Batch b, IngestResult r) {
        b.sops.add(r.sopInstanceUID());
        if (r.sopClassUID() != null) {
            b.classes.add(r.sopClassUID());
        }
        if (r.seriesInstanceUID() != null) {
            b.series.add(r.seriesInstanceUID());
        }
        if (b.reason == null) {
            b.reason = r.reason();
        }
    }

    /** {@code <via> <outcome> sop=<uid>,<uid>… (n=<count>) class=… status=… series=… callingAE=… calledAE=…}. */
    private static AuditEvent.Builder batch(Key k, Batch b) {
        Requestor who = k.who();
        StringBuilder detail = new StringBuilder(k.via())
                .append(' ')
                .append(k.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .append(" sop=")
                .append(String.join(",", b.sops))
                .append(" (n=")
                .append(b.sops.size())
                .append(") class=")
                .append(String.join(",", b.classes))
                .append(String.format(" status=%04X", k.status()));
        if (!b.series.isEmpty()) {
            detail.append(" series=").append(String.join(",", b.series));
        }
        appendAeTitles(detail, who);
        if (b.reason != null) {
            detail.append(": ").append(b.reason);
        }
        return requestor(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED), who)
                .outcome(AuditOutcome.SUCCESS)
                .patient(k.patient())
                .study(k.study())
                .detail(detail.toString());
    }

    private static void appendAeTitles(StringBuilder detail, Requestor who) {
        if (who.callingAeTitle() != null && !who.callingAeTitle().equals(who.user())) {
            detail.append(" callingAE=").append(who.callingAeTitle());
        }
        if (who.calledAeTitle() != null) {
            detail.append(" calledAE=").append(who.calledAeTitle());
        }
    }

    /** A STOW-RS request refused before any instance was read (media type, malformed body, disk full). */
    public void stowRefused(Requestor who, String study, String path, int httpStatus, String reason) {
        recorder.record(requestor(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED), who)
                .outcome(AuditOutcome.ofHttpStatus(httpStatus))
                .study(study)
                .http("POST", path, httpStatus)
                .detail("STOW-RS request refused: " + reason));
    }

    /**
     * A rejected association: an unknown calling AE title or host ({@code 110114}, the node failed to
     * authenticate), or a local limit ({@code 110104}, serious failure).
     */
    public void associationRejected(
            String callingAeTitle, String calledAeTitle, String address, boolean authentication, String reason) {
        recorder.record(AuditEvent.of(
                        authentication
                                ? AuditEventType.USER_AUTHENTICATION
                                : AuditEventType.DICOM_INSTANCES_TRANSFERRED)
                .outcome(authentication ? AuditOutcome.MINOR_FAILURE : AuditOutcome.SERIOUS_FAILURE)
                .user(callingAeTitle)
                .from(address)
                .detail("association from calling AE " + callingAeTitle + " to " + calledAeTitle + " rejected: "
                        + reason));
    }

    /** A DICOM TLS client failed the handshake (no or an untrusted client certificate): who is unknown. */
    public void tlsHandshakeFailed(String address, String reason) {
        recorder.record(AuditEvent.of(AuditEventType.USER_AUTHENTICATION)
                .outcome(AuditOutcome.MINOR_FAILURE)
                .from(address)
                .detail("DICOM TLS handshake failed: " + reason));
    }

    private static AuditEvent.Builder instance(Requestor who, IngestResult r, String via) {
        StringBuilder detail = new StringBuilder(via)
                .append(' ')
                .append(r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .append(" sop=")
                .append(r.sopInstanceUID())
                .append(" class=")
                .append(r.sopClassUID())
                .append(String.format(" status=%04X", r.status()));
        if (r.seriesInstanceUID() != null) {
            detail.append(" series=").append(r.seriesInstanceUID());
        }
        appendAeTitles(detail, who);
        if (r.reason() != null) {
            detail.append(": ").append(r.reason());
        }
        return requestor(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED), who)
                .outcome(outcome(r))
                .patient(r.patientID())
                .study(r.studyInstanceUID())
                .detail(detail.toString());
    }

    private static AuditEvent.Builder requestor(AuditEvent.Builder b, Requestor who) {
        return b.user(who.user()).client(who.client()).roles(who.roles()).from(who.address());
    }

    private static AuditOutcome outcome(IngestResult r) {
        if (r.success()) {
            return AuditOutcome.SUCCESS;
        }
        return switch (r.outcome()) {
            case OUT_OF_RESOURCES, FAILED -> AuditOutcome.SERIOUS_FAILURE;
            default -> AuditOutcome.MINOR_FAILURE;
        };
    }
}
