package io.radflow.ingest.receive;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.net.FileMetaInformation;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.DiskSpaceGuard;
import io.radflow.ingest.archive.PendingObject;
import io.radflow.ingest.archive.StoragePath;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.config.IngestConfig.DuplicatePolicy;
import io.radflow.ingest.config.IngestSettings;
import io.radflow.ingest.index.IndexWriter;
import io.radflow.ingest.journal.IngestJournal;
import io.radflow.ingest.journal.InstanceBuffer;
import io.radflow.ingest.journal.Journal;
import io.radflow.ingest.messaging.OutboxRelay;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.IngestResult.Outcome;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one instance through the stages receive ({@link InstanceReader}) → validate ({@link
 * InstanceValidator}) → make durable → archive and index ({@link IndexWriter}). Two paths:
 *
 * <ul>
 *   <li><b>Journal</b> (instances up to {@code radflow.ingest.journal.max-instance-size}, duplicate
 *       policy {@code keep-first} or {@code overwrite}): received into memory, the header parsed and
 *       validated there, the stored digest of the SOP Instance UID looked up (which also proves the
 *       index is up), then appended to the {@link IngestJournal} and flushed; a C-STORE is answered
 *       right then, and the {@link JournalApplier} archives and indexes the instance a moment later (a
 *       STOW-RS part is answered once indexed). After a crash, the records not applied are replayed at
 *       start, before the DICOM listener opens.
 *   <li><b>Direct</b> (larger instances, policy {@code reject}, a full journal): staged in the archive,
 *       and answered only after the file is forced, renamed, its folder forced and the index
 *       transaction committed.
 * </ul>
 *
 * Any failure of the journal, the archive or PostgreSQL answers A700 (out of resources).
 */
@ApplicationScoped
public class InstanceIngest {
    private static final Logger LOG = Logger.getLogger(InstanceIngest.class);

    private final InstanceReader reader;
    private final IndexWriter index;
    private final IngestSettings settings;
    private final DiskSpaceGuard disk;
    private final IngestMetrics metrics;
    private final OutboxRelay relay;
    private final IngestJournal journal;
    private final ArchiveStore archive;
    private final JournalApplier applier;
    private final ExecutorService pipeline = Executors.newVirtualThreadPerTaskExecutor();

    InstanceIngest(
            ArchiveStore archive,
            IngestConfig config,
            IndexWriter index,
            IngestSettings settings,
            DiskSpaceGuard disk,
            IngestMetrics metrics,
            OutboxRelay relay,
            IngestJournal journal) {
        this.reader = new InstanceReader(archive, config.retrieveBaseUrl());
        this.index = index;
        this.settings = settings;
        this.disk = disk;
        this.metrics = metrics;
        this.relay = relay;
        this.journal = journal;
        this.archive = archive;
        this.applier = new JournalApplier(this::apply, config.journal().applyConcurrency());
    }

    /**
     * Opens the journal and replays what it holds (instances acknowledged but not archived and indexed
     * before the last stop) before the DICOM listener and the HTTP routes take new instances; waits up to
     * a minute (if PostgreSQL is down, the replay goes on in the background).
     */
    void start(@Observes @Priority(1000) StartupEvent ev) throws IOException {
        List<Journal.Record> replay = journal.open();
        if (replay.isEmpty()) {
            return;
        }
        for (Journal.Record r : replay) {
            applier.submit(r, null, null);
        }
        if (applier.awaitIdle(Duration.ofMinutes(1))) {
            try {
                journal.checkpoint();
            } catch (IOException | SQLException e) {
                LOG.warnf("journal: checkpoint after the replay failed (%s); retried", e.toString());
            }
            LOG.infof("journal: %d records replayed", replay.size());
        } else {
            LOG.warnf("journal: replay of %d records still running (index unavailable?)", replay.size());
        }
    }

    /** Lets the records being applied finish (up to 20 s), then checkpoints; the rest is replayed at start. */
    void stop(@Observes @Priority(3000) ShutdownEvent ev) {
        applier.stop();
        if (!applier.awaitIdle(Duration.ofSeconds(20))) {
            LOG.warn("journal: records still being applied at the stop are replayed at the next start");
        }
        journal.stop();
    }

    /** Whether the archive has room for new instances (the free-space watermark). */
    public boolean hasRoom() {
        return disk.hasRoom();
    }

    /** Studies with instances acknowledged but not yet indexed (not to be announced yet). */
    public Set<String> studiesBeingApplied() {
        return applier.pendingStudies();
    }

    /** Whether instances take the journal now (else they are archived and indexed before success). */
    private boolean journaled() {
        return journal.isOpen() && settings.duplicatePolicy() != DuplicatePolicy.REJECT;
    }

    private InstanceReader.Sink sink() {
        return journaled() ? journal.sink() : InstanceReader.Sink.STAGING;
    }

    /** A C-STORE data set. */
    public IngestResult ingestDataset(Source src, String cuid, String iuid, String tsuid, InputStream dataset)
            throws IOException {
        InstanceReader.Sink sink = sink();
        Staged s = receive(src, cuid, iuid, () -> reader.readDataset(cuid, iuid, tsuid, src.name(), dataset, sink));
        if (s.result != null) {
            return s.result;
        }
        if (s.inMemory != null) {
            return journal(src, null, s.inMemory);
        }
        return complete(src, null, s.instance);
    }

    /**
     * A Part 10 file of a STOW-RS request, written ahead: the stream is read now (so the caller can go on
     * with the next part); validation, the journal or the durable commit, and indexing finish in the
     * background. The result completes only after the instance is durable and indexed (or failed), so a
     * response built from the results reports as stored only what is durable and can be retrieved.
     * Throws when the stream itself cannot be read.
     */
    public CompletableFuture<IngestResult> ingestPart10Async(Source src, String expectedStudy, InputStream file)
            throws IOException {
        InstanceReader.Sink sink = sink();
        return ahead(src, expectedStudy, receive(src, null, null, () -> reader.readPart10("STOW-RS", file, sink)));
    }

    /**
     * An instance built from a DICOM JSON STOW-RS request (data set and File Meta Information in memory,
     * bulk data as {@link io.radflow.dicom.data.BulkData} files): encoded, then stored in the background
     * like {@link #ingestPart10Async}.
     */
    public CompletableFuture<IngestResult> ingestAttributesAsync(
            Source src, String expectedStudy, FileMetaInformation fmi, Attributes dataset) throws IOException {
        InstanceReader.Sink sink = sink();
        return ahead(
                src,
                expectedStudy,
                receive(
                        src,
                        fmi.sopClassUID(),
                        fmi.sopInstanceUID(),
                        () -> reader.readAttributes(fmi, "STOW-RS", dataset, sink)));
    }

    private CompletableFuture<IngestResult> ahead(Source src, String expectedStudy, Staged s) {
        if (s.result != null) {
            return CompletableFuture.completedFuture(s.result);
        }
        CompletableFuture<IngestResult> f = new CompletableFuture<>();
        try {
            pipeline.execute(() -> {
                try {
                    if (s.inMemory != null) {
                        f.complete(journal(src, expectedStudy, s.inMemory));
                    } else {
                        f.complete(complete(src, expectedStudy, s.instance));
                    }
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            s.discard();
            throw e;
        }
        return f;
    }

    @FunctionalInterface
    private interface Receive {
        InstanceReader.Received receive() throws IOException, InvalidInstanceException;
    }

    /** The outcome of the receive stage: an instance in memory or staged, or already a result. */
    private record Staged(ReceivedInstance instance, InstanceReader.InMemory inMemory, IngestResult result) {
        void discard() {
            if (inMemory != null) {
                inMemory.buffer().release();
            }
            if (instance != null) {
                closeQuietly(instance);
            }
        }
    }

    private Staged receive(Source src, String cuid, String iuid, Receive receive) throws IOException {
        MDC.put("correlationId", src.correlationId());
        try {
            if (!disk.hasRoom()) {
                IngestResult r = IngestResult.failure(
                        Status.OutOfResources, Outcome.OUT_OF_RESOURCES, cuid, iuid, "archive below free-space limit");
                log(src, r);
                metrics.instance(src, r, 0);
                return new Staged(null, null, r);
            }
            long t0 = System.nanoTime();
            try {
                InstanceReader.Received rcv = receive.receive();
                metrics.stage("receive", t0);
                return new Staged(rcv.staged(), rcv.inMemory(), null);
            } catch (InvalidInstanceException e) {
                return new Staged(null, null, invalid(src, e));
            }
        } finally {
            MDC.remove("correlationId");
        }
    }

    private static void closeQuietly(ReceivedInstance ri) {
        try {
            ri.pending().close();
        } catch (IOException ignored) {
            // staging file left for the start-up clean-up
        }
    }

    /**
     * The journal path of an instance received in memory: validated, then its journal record reserved,
     * and while this thread writes the record and waits for the flush, the applier archives and indexes
     * the instance from memory; the index transaction commits only once the record is on disk, and the
     * result is that of the index transaction. Falls back to the direct path when the journal has no room.
     */
    private IngestResult journal(Source src, String expectedStudy, InstanceReader.InMemory m) {
        MDC.put("correlationId", src.correlationId());
        FileMetaInformation fmi = m.fmi();
        try {
            long t1 = System.nanoTime();
            try {
                InstanceValidator.validate(fmi.sopClassUID(), fmi.sopInstanceUID(), m.attributes(), expectedStudy);
            } catch (InvalidInstanceException e) {
                m.buffer().release();
                return invalid(src, e);
            }
            metrics.stage("validate", t1);
            long receivedAt = System.currentTimeMillis();
            Journal.Record rec;
            try {
                rec = journal.reserve(
                        new Journal.Meta(
                                src.path(),
                                src.name(),
                                src.correlationId(),
                                fmi.sopClassUID(),
                                fmi.sopInstanceUID(),
                                fmi.transferSyntaxUID(),
                                m.attributes().studyInstanceUID(),
                                m.digest()),
                        m.buffer(),
                        receivedAt);
            } catch (IOException e) {
                m.buffer().release();
                return journalFailure(src, m, e);
            }
            if (rec == null) { // no room in the journal: archive and index before answering
                try {
                    return complete(src, expectedStudy, reader.stage(m));
                } catch (InvalidInstanceException e) {
                    return invalid(src, e);
                } catch (IOException e) {
                    return result(m, Status.OutOfResources, Outcome.FAILED, "archive failure: " + e.getMessage());
                } finally {
                    m.buffer().release();
                }
            }
            CompletableFuture<Void> written = new CompletableFuture<>();
            CompletableFuture<IngestResult> indexed = applier.submit(rec, m.buffer(), written);
            IngestResult r;
            try {
                journal.write(rec, m.buffer());
                written.complete(null);
                r = indexed.join();
            } catch (IOException e) {
                written.completeExceptionally(e);
                indexed.handle((x, y) -> null).join(); // the index transaction rolls back; then the memory is free
                r = journalFailure(src, m, e);
            }
            m.buffer().release();
            return r;
        } finally {
            MDC.remove("correlationId");
        }
    }

    private IngestResult journalFailure(Source src, InstanceReader.InMemory m, IOException e) {
        IngestResult r = result(m, Status.OutOfResources, Outcome.FAILED, "journal failure: " + e.getMessage());
        LOG.errorf("journal write failed for %s from %s: %s", m.fmi().sopInstanceUID(), src.label(), e.toString());
        metrics.instance(src, r, 0);
        return r;
    }

    /**
     * Archives and indexes one journal record (the applier's work): its payload copied into a staging
     * object (not forced: the journal holds it), parsed, validated, indexed with the record's sequence
     * number (a replay of a record applied before changes nothing). A record that does not parse or
     * validate is quarantined. Throws (the applier retries) when the archive or the index fails.
     */
    private IngestResult apply(Journal.Record r, InstanceBuffer memory, CompletableFuture<Void> written)
            throws Exception {
        Journal.Meta meta = r.meta();
        Source src = new Source(meta.sourcePath(), meta.sourceName(), meta.correlationId());
        MDC.put("correlationId", src.correlationId());
        long t0 = System.nanoTime();
        try (PendingObject pending = archive.create(false)) {
            if (memory != null) {
                pending.append(memory.buffers());
            } else {
                journal.copyPayload(r, pending);
            }
            ReceivedInstance ri;
            try {
                ri = reader.parseStaged(
                        pending,
                        new FileMetaInformation(meta.sopClassUID(), meta.sopInstanceUID(), meta.transferSyntaxUID()),
                        meta.digest());
                InstanceValidator.validate(ri, null);
                ri = reader.withMetadata(ri);
            } catch (InvalidInstanceException e) {
                journal.quarantine(r, e.getMessage());
                return invalid(src, e);
            }
            IndexWriter.Result res = index.index(
                    ri,
                    src,
                    settings.duplicatePolicy(),
                    settings.quietPeriod(src.name()).toMillis(),
                    pending::rename,
                    r.seq(),
                    r.receivedAt(),
                    written);
            var a = ri.attributes();
            journal.applied(
                    r,
                    res.renamed()
                            ? new StoragePath(a.studyInstanceUID(), a.seriesInstanceUID(), a.sopInstanceUID())
                            : null);
            metrics.stage("apply", t0);
            return indexed(src, ri, res);
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** Validate, build the metadata, index (durable commit); the staged file is closed on every path. */
    private IngestResult complete(Source src, String expectedStudy, ReceivedInstance received) {
        MDC.put("correlationId", src.correlationId());
        ReceivedInstance ri = received;
        try (var pending = ri.pending()) {
            long t1 = System.nanoTime();
            try {
                InstanceValidator.validate(ri, expectedStudy);
                ri = reader.withMetadata(ri);
            } catch (InvalidInstanceException e) {
                return invalid(src, e);
            }
            metrics.stage("validate", t1);
            long t2 = System.nanoTime();
            IndexWriter.Result res;
            try {
                res = index.index(
                        ri,
                        src,
                        settings.duplicatePolicy(),
                        settings.quietPeriod(src.name()).toMillis(),
                        pending::rename);
            } catch (SQLException | IOException e) {
                String what = e instanceof SQLException ? "index unavailable: " : "archive failure: ";
                IngestResult r = result(ri, Status.OutOfResources, Outcome.FAILED, what + e.getMessage());
                LOG.errorf(
                        "index transaction failed for %s from %s: %s", ri.sopInstanceUID(), src.label(), e.toString());
                metrics.instance(src, r, 0);
                return r;
            }
            metrics.stage("index", t2);
            return indexed(src, ri, res);
        } catch (IOException e) {
            // closing the staging file failed after the outcome was decided: the start-up clean-up removes it
            LOG.warnf("cannot discard staging file of %s: %s", ri.sopInstanceUID(), e.toString());
            return result(ri, Status.OutOfResources, Outcome.FAILED, "archive failure: " + e.getMessage());
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** The result of an index transaction: logged, counted, outbox relay woken for its events. */
    private IngestResult indexed(Source src, ReceivedInstance ri, IndexWriter.Result res) {
        if (res.events() > 0) {
            relay.wakeUp();
        }
        IngestResult r =
                switch (res.decision()) {
                    case STORED -> result(ri, Status.Success, Outcome.STORED, null);
                    case DUPLICATE_IDENTICAL, ALREADY_APPLIED ->
                        result(ri, Status.Success, Outcome.DUPLICATE_IDENTICAL, "identical instance already stored");
                    case CONFLICT_KEPT_FIRST ->
                        result(
                                ri,
                                Status.Success,
                                Outcome.CONFLICT_KEPT_FIRST,
                                "different instance with this SOP Instance UID kept (policy keep-first)");
                    case CONFLICT_OVERWRITTEN ->
                        result(
                                ri,
                                Status.Success,
                                Outcome.CONFLICT_OVERWRITTEN,
                                "stored instance overwritten (policy overwrite)");
                    case CONFLICT_REJECTED ->
                        result(
                                ri,
                                Status.DuplicateSOPInstance,
                                Outcome.CONFLICT_REJECTED,
                                "different instance with this SOP Instance UID already stored (policy reject)");
                };
        if (res.patientIdClash() != null) {
            LOG.warnf(
                    "Patient ID clash: instance %s has %s, its study %s has %s (stored, not merged, reported)",
                    ri.sopInstanceUID(),
                    ri.attributes().patientID(),
                    ri.attributes().studyInstanceUID(),
                    res.patientIdClash());
        }
        log(src, r);
        metrics.instance(
                src,
                r,
                r.outcome() == Outcome.STORED || r.outcome() == Outcome.CONFLICT_OVERWRITTEN ? ri.fileSize() : 0);
        return r;
    }

    private IngestResult invalid(Source src, InvalidInstanceException e) {
        IngestResult r =
                IngestResult.failure(e.status(), Outcome.INVALID, e.sopClassUID(), e.sopInstanceUID(), e.getMessage());
        log(src, r);
        metrics.instance(src, r, 0);
        return r;
    }

    private static IngestResult result(ReceivedInstance ri, int status, Outcome outcome, String reason) {
        return new IngestResult(
                status,
                outcome,
                ri.sopClassUID(),
                ri.sopInstanceUID(),
                ri.attributes().studyInstanceUID(),
                ri.attributes().seriesInstanceUID(),
                reason,
                ri.attributes().patientID());
    }

    private static IngestResult result(InstanceReader.InMemory m, int status, Outcome outcome, String reason) {
        return new IngestResult(
                status,
                outcome,
                m.fmi().sopClassUID(),
                m.fmi().sopInstanceUID(),
                m.attributes().studyInstanceUID(),
                m.attributes().seriesInstanceUID(),
                reason,
                m.attributes().patientID());
    }

    private static void log(Source src, IngestResult r) {
        if (r.success()) {
            LOG.infof(
                    "%s from %s: %s study=%s series=%s sop=%s%s",
                    r.outcome(),
                    src.label(),
                    Status.toString(r.status()),
                    r.studyInstanceUID(),
                    r.seriesInstanceUID(),
                    r.sopInstanceUID(),
                    r.reason() == null ? "" : " (" + r.reason() + ")");
        } else {
            LOG.warnf(
                    "%s from %s: status %04X study=%s series=%s sop=%s: %s",
                    r.outcome(),
                    src.label(),
                    r.status(),
                    r.studyInstanceUID(),
                    r.seriesInstanceUID(),
                    r.sopInstanceUID(),
                    r.reason());
        }
    }
}
