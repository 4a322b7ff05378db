package io.radflow.ingest.receive;

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

    /** Whether the archive has room for new instances (the free-space watermark). */
    public boolean hasRoom() {
        return disk.hasRoom();
    }

    /** A C-STORE data set. */
    public IngestResult ingestDataset(Source src, String cuid, String iuid, String tsuid, InputStream dataset)
            throws IOException {
        return ingest(src, cuid, iuid, null, () -> reader.readDataset(cuid, iuid, tsuid, src.name(), dataset));
    }

    /** A Part 10 file of a STOW-RS request; {@code expectedStudy} is the URL's study or null. */
    public IngestResult ingestPart10(Source src, String expectedStudy, InputStream file) throws IOException {
        return ingest(src, null, null, expectedStudy, () -> reader.readPart10("STOW-RS", file));
    }

    @FunctionalInterface
    private interface Receive {
        ReceivedInstance receive() throws IOException, InvalidInstanceException;
    }

    private IngestResult ingest(Source src, String cuid, String iuid, String expectedStudy, Receive receive)
            throws IOException {
        MDC.put("correlationId", src.correlationId());
        try {
            if (!disk.hasRoom()) {
                IngestResult r = IngestResult.failure(
                        Status.OutOfResources, Outcome.OUT_OF_RESOURCES, cuid, iuid, "archive below free-space limit");
                log(src, r);
                metrics.instance(src, r, 0);
                return r;
            }
            long t0 = System.nanoTime();
            ReceivedInstance ri;
            try {
                ri = receive.receive();
            } catch (InvalidInstanceException e) {
                return invalid(src, e);
            }
            metrics.stage("receive", t0);
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
                            pending::commit);
                } catch (SQLException e) {
                    IngestResult r =
                            result(ri, Status.OutOfResources, Outcome.FAILED, "index unavailable: " + e.getMessage());
                    LOG.errorf(
                            "index transaction failed for %s from %s: %s",
                            ri.sopInstanceUID(), src.label(), e.getMessage());
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
                        r.outcome() == Outcome.STORED || r.outcome() == Outcome.CONFLICT_OVERWRITTEN
                                ? ri.fileSize()
                                : 0);
                return r;
            }
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
