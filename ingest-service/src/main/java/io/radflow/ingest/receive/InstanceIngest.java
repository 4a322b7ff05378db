package io.radflow.ingest.receive;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.net.FileMetaInformation;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.DiskSpaceGuard;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.config.IngestSettings;
import io.radflow.ingest.index.IndexWriter;
import io.radflow.ingest.messaging.OutboxRelay;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.IngestResult.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one instance through the stages receive ({@link InstanceReader}) → validate ({@link
 * InstanceValidator}) → store durably and index ({@link IndexWriter}, which commits the staged file
 * and the index rows and conflict events in one transaction). The study assembler and the outbox
 * relay take over from there. Success is answered only after the file is durable and the index
 * transaction committed; any failure of the archive or PostgreSQL answers A700 (out of resources).
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
    private final ExecutorService pipeline = Executors.newVirtualThreadPerTaskExecutor();

    InstanceIngest(
            ArchiveStore archive,
            IngestConfig config,
            IndexWriter index,
            IngestSettings settings,
            DiskSpaceGuard disk,
            IngestMetrics metrics,
            OutboxRelay relay) {
        this.reader = new InstanceReader(archive, config.retrieveBaseUrl());
        this.index = index;
        this.settings = settings;
        this.disk = disk;
        this.metrics = metrics;
        this.relay = relay;
    }

    /**
     * The C-STORE path of one data set without its outcome (start-up warm-up): received and staged,
     * validated, its metadata built, its index statements run and rolled back, the staged file discarded.
     * Nothing is stored, indexed, announced, audited or counted in the metrics.
     */
    void rehearse(Source src, String cuid, String iuid, String tsuid, InputStream dataset)
            throws IOException, InvalidInstanceException, SQLException {
        ReceivedInstance ri = reader.readDataset(cuid, iuid, tsuid, src.name(), dataset);
        try (var pending = ri.pending()) {
            InstanceValidator.validate(ri, null);
            ri = reader.withMetadata(ri);
            index.rehearse(ri, src, settings.quietPeriod(src.name()).toMillis());
        }
    }

    /** Whether the archive has room for new instances (the free-space watermark). */
    public boolean hasRoom() {
        return disk.hasRoom();
    }

    /** A C-STORE data set. */
    public IngestResult ingestDataset(Source src, String cuid, String iuid, String tsuid, InputStream dataset)
            throws IOException {
        Staged s = receive(src, cuid, iuid, () -> reader.readDataset(cuid, iuid, tsuid, src.name(), dataset));
        return s.result != null ? s.result : complete(src, null, s.instance);
    }

    /** A Part 10 file of a STOW-RS request; {@code expectedStudy} is the URL's study or null. */
    public IngestResult ingestPart10(Source src, String expectedStudy, InputStream file) throws IOException {
        Staged s = receive(src, null, null, () -> reader.readPart10("STOW-RS", file));
        return s.result != null ? s.result : complete(src, expectedStudy, s.instance);
    }

    /**
     * A Part 10 file of a STOW-RS request, written ahead: the stream is read and staged now (so the
     * caller can go on with the next part), validation and indexing finish in the background. The
     * result completes only after the instance is durable and indexed (or failed), so a response built
     * from the results acknowledges only what is durable. Throws when the stream itself cannot be read.
     */
    public CompletableFuture<IngestResult> ingestPart10Async(Source src, String expectedStudy, InputStream file)
            throws IOException {
        return ahead(src, expectedStudy, receive(src, null, null, () -> reader.readPart10("STOW-RS", file)));
    }

    /**
     * An instance built from a DICOM JSON STOW-RS request (data set and File Meta Information in memory,
     * bulk data as {@link io.radflow.dicom.data.BulkData} files): encoded, staged, then validated and
     * indexed in the background like {@link #ingestPart10Async}.
     */
    public CompletableFuture<IngestResult> ingestAttributesAsync(
            Source src, String expectedStudy, FileMetaInformation fmi, Attributes dataset) throws IOException {
        return ahead(
                src,
                expectedStudy,
                receive(
                        src,
                        fmi.sopClassUID(),
                        fmi.sopInstanceUID(),
                        () -> reader.readAttributes(fmi, "STOW-RS", dataset)));
    }

    private CompletableFuture<IngestResult> ahead(Source src, String expectedStudy, Staged s) {
        if (s.result != null) {
            return CompletableFuture.completedFuture(s.result);
        }
        CompletableFuture<IngestResult> f = new CompletableFuture<>();
        try {
            pipeline.execute(() -> {
                try {
                    f.complete(complete(src, expectedStudy, s.instance));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            closeQuietly(s.instance);
            throw e;
        }
        return f;
    }

    @FunctionalInterface
    private interface Receive {
        ReceivedInstance receive() throws IOException, InvalidInstanceException;
    }

    /** The outcome of the receive stage: a staged instance, or already a result (no room, invalid). */
    private record Staged(ReceivedInstance instance, IngestResult result) {}

    private Staged receive(Source src, String cuid, String iuid, Receive receive) throws IOException {
        MDC.put("correlationId", src.correlationId());
        try {
            if (!disk.hasRoom()) {
                IngestResult r = IngestResult.failure(
                        Status.OutOfResources, Outcome.OUT_OF_RESOURCES, cuid, iuid, "archive below free-space limit");
                log(src, r);
                metrics.instance(src, r, 0);
                return new Staged(null, r);
            }
            long t0 = System.nanoTime();
            try {
                ReceivedInstance ri = receive.receive();
                metrics.stage("receive", t0);
                return new Staged(ri, null);
            } catch (InvalidInstanceException e) {
                return new Staged(null, invalid(src, e));
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
            if (res.events() > 0) {
                relay.wakeUp();
            }
            IngestResult r =
                    switch (res.decision()) {
                        case STORED -> result(ri, Status.Success, Outcome.STORED, null);
                        case DUPLICATE_IDENTICAL ->
                            result(
                                    ri,
                                    Status.Success,
                                    Outcome.DUPLICATE_IDENTICAL,
                                    "identical instance already stored");
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
        } catch (IOException e) {
            // closing the staging file failed after the outcome was decided: the start-up clean-up removes it
            LOG.warnf("cannot discard staging file of %s: %s", ri.sopInstanceUID(), e.toString());
            return result(ri, Status.OutOfResources, Outcome.FAILED, "archive failure: " + e.getMessage());
        } finally {
            MDC.remove("correlationId");
        }
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
