package io.radflow.ingest.index;

import io.agroal.api.AgroalDataSource;
import io.radflow.events.EventType;
import io.radflow.events.InstanceConflict;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.StoragePath;
import io.radflow.ingest.config.IngestConfig.DuplicatePolicy;
import io.radflow.ingest.messaging.Outbox;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.ReceivedInstance;
import io.radflow.ingest.receive.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The "index" stage: a PostgreSQL transaction that serialises senders of the same SOP Instance UID
 * (advisory lock), decides duplicates and conflicts, renames the staged file to its archive path,
 * upserts patient / study / series / instance, marks the study due for announcement after its quiet
 * period, and writes conflict events to the outbox, all or nothing; the renamed files' folders are
 * forced before the commit. Instances that arrive while a transaction runs are indexed together in
 * the next one ({@link GroupCommit}: one folder force per folder, one commit, each in its own
 * savepoint), so concurrent senders share the costly syncs. Plain JDBC with
 * explicit transactions (see ingest-service/README.md for why not Hibernate Reactive).
 */
@ApplicationScoped
public class IndexWriter {
    private static final Logger LOG = Logger.getLogger(IndexWriter.class);

    /** What the transaction decided. */
    public enum Decision {
        STORED,
        DUPLICATE_IDENTICAL,
        CONFLICT_KEPT_FIRST,
        CONFLICT_OVERWRITTEN,
        CONFLICT_REJECTED
    }

    /**
     * @param decision what was done
     * @param patientIdClash the study's Patient ID in the archive, when it differs from the instance's
     * @param events number of outbox rows written
     */
    public record Result(Decision decision, String patientIdClash, int events) {}

    /**
     * Renames the staged file to its archive path; called inside the transaction after the decision to
     * store. The rename is made durable by {@link ArchiveStore#forceDirectories} before the commit.
     */
    @FunctionalInterface
    public interface FileCommit {
        void rename(StoragePath path, boolean replace) throws IOException;
    }

    /** Most instances indexed in one transaction. */
    private static final int MAX_BATCH = 32; // subtransactions per transaction stay within PostgreSQL's cache of 64

    private final AgroalDataSource ds;
    private final ArchiveStore archive;
    private final IngestMetrics metrics;
    private final GroupCommit<Pending> group = new GroupCommit<>(MAX_BATCH, this::runBatch);

    IndexWriter(AgroalDataSource ds, ArchiveStore archive, IngestMetrics metrics) {
        this.ds = ds;
        this.archive = archive;
        this.metrics = metrics;
    }

    private static final class Pending extends GroupCommit.Request {
        final ReceivedInstance ri;
        final Source src;
        final DuplicatePolicy policy;
        final long quietPeriodMs;
        final FileCommit fileCommit;
        final StoragePath path;
        volatile boolean renamed;
        volatile boolean folderForced;
        boolean savepoint;
        /** The file an overwrite moved away from (another study or series folder), or null. */
        StoragePath replacedFile;

        Pending(ReceivedInstance ri, Source src, DuplicatePolicy policy, long quietPeriodMs, FileCommit fileCommit) {
            this.ri = ri;
            this.src = src;
            this.policy = policy;
            this.quietPeriodMs = quietPeriodMs;
            this.fileCommit = fileCommit;
            InstanceAttributes a = ri.attributes();
            this.path = new StoragePath(a.studyInstanceUID(), a.seriesInstanceUID(), a.sopInstanceUID());
        }
    }

    /**
     * Indexes one instance (group commit: it may share its transaction, its folder force and its WAL
     * flush with instances indexed concurrently); returns only after that transaction committed.
     */
    public Result index(
            ReceivedInstance ri, Source src, DuplicatePolicy policy, long quietPeriodMs, FileCommit fileCommit)
            throws SQLException, IOException {
        try {
            return (Result) group.submit(new Pending(ri, src, policy, quietPeriodMs, fileCommit));
        } catch (SQLException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("index failed: " + e, e);
        }
    }

    /**
     * The index statements of one instance (locks, duplicate lookup, upserts) in a transaction of its own that
     * is always rolled back: the start-up warm-up's rehearsal. Nothing is stored or announced; the file is not
     * renamed.
     */
    public void rehearse(ReceivedInstance ri, Source src, long quietPeriodMs) throws SQLException {
        StoragePath path = new StoragePath(
                ri.attributes().studyInstanceUID(),
                ri.attributes().seriesInstanceUID(),
                ri.attributes().sopInstanceUID());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                String iuid = ri.sopInstanceUID();
                IndexStatements.Existing old =
                        IndexStatements.lockAndFindAll(c, List.of(iuid)).get(iuid);
                IndexStatements.upsert(c, ri, src, path, quietPeriodMs, old, false);
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * One transaction for a batch: per instance (in a savepoint when there are several, so one
     * failure does not fail the others) lock, duplicate decision, rename, upserts and conflict events;
     * then every renamed file's folder forced once, then one commit.
     */
    private void runBatch(List<Pending> batch) throws SQLException, IOException {
        // a stable order of row locks (study, series, instance) between concurrent batches of replicas
        List<Pending> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparing((Pending p) -> p.path.relative()));
        boolean savepoints = ordered.size() > 1;
        long t0 = System.nanoTime();
        metrics.batch(batch.size());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<Pending> stored = new ArrayList<>();
            try {
                // every SOP Instance UID of the batch locked and looked up in one round trip
                List<String> iuids = ordered.stream()
                        .map(p -> p.ri.sopInstanceUID())
                        .distinct()
                        .sorted()
                        .toList();
                Map<String, IndexStatements.Existing> found = IndexStatements.lockAndFindAll(c, iuids);
                Set<String> seen = new HashSet<>();
                for (Pending p : ordered) {
                    try {
                        String iuid = p.ri.sopInstanceUID();
                        // a second instance of one SOP Instance UID in the batch sees the first one's row
                        IndexStatements.Existing old =
                                seen.add(iuid) ? found.get(iuid) : IndexStatements.lockAndFind(c, iuid);
                        p.succeed(indexOne(c, p, old, savepoints));
                        stored.add(p);
                    } catch (SQLException | IOException | RuntimeException e) {
                        if (p.renamed) {
                            e.addSuppressed(new IllegalStateException("archive file " + p.path + " left unindexed"));
                        }
                        p.fail(e);
                        if (!savepoints) {
                            c.rollback();
                        } else if (p.savepoint) { // a broken connection throws here and fails the rest of the batch
                            try (var st = c.createStatement()) {
                                st.execute("ROLLBACK TO SAVEPOINT " + IndexStatements.SAVEPOINT);
                            }
                        }
                    }
                }
                List<StoragePath> renamed = new ArrayList<>();
                for (Pending p : stored) {
                    if (p.renamed && !p.folderForced) {
                        renamed.add(p.path);
                    }
                }
                metrics.stage("index-statements", t0);
                long t1 = System.nanoTime();
                if (!renamed.isEmpty()) {
                    archive.forceDirectories(renamed);
                }
                metrics.stage("index-folder-sync", t1);
                long t2 = System.nanoTime();
                c.commit();
                metrics.stage("index-commit", t2);
                deleteReplacedFiles(c, stored);
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                for (Pending p : stored) {
                    p.fail(e);
                    if (p.renamed) {
                        e.addSuppressed(new IllegalStateException("archive file " + p.path + " left unindexed"));
                    }
                }
                throw e;
            }
        }
    }

    /**
     * After the commit: the files overwrites left behind. Each is deleted under the SOP Instance UID's
     * lock, and only if the index does not name it again: a later overwrite may already have moved
     * the instance back to that path. Never throws (the batch is committed); a file left behind is
     * logged, never indexed.
     */
    private void deleteReplacedFiles(Connection c, List<Pending> stored) {
        for (Pending p : stored) {
            if (p.replacedFile == null || p.error != null) {
                continue;
            }
            try {
                IndexStatements.Existing now = IndexStatements.lockAndFind(c, p.ri.sopInstanceUID());
                if (now == null || !now.path().equals(p.replacedFile.relative())) {
                    archive.delete(p.replacedFile);
                }
                c.commit(); // releases the lock
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                LOG.warnf("could not delete %s, replaced by %s: %s", p.replacedFile, p.path, e);
            }
        }
    }

    private static final java.util.concurrent.ExecutorService FILE_IO =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /** The upserts of a lone instance, with its rename and folder force running meanwhile on another thread. */
    private String upsertWhileCommittingFile(Connection c, Pending p, IndexStatements.Existing old)
            throws SQLException, IOException {
        long t0 = System.nanoTime();
        var file = java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                    try {
                        p.fileCommit.rename(p.path, true); // no index row, or overwrite: any file there is ours
                        p.renamed = true;
                        archive.forceDirectories(List.of(p.path));
                        p.folderForced = true;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                FILE_IO);
        String clash;
        try {
            clash = IndexStatements.upsert(c, p.ri, p.src, p.path, p.quietPeriodMs, old, false);
        } finally {
            try {
                file.join(); // settled before anything else happens to this instance
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw e;
            }
            metrics.stage("index-file-rename", t0); // rename + folder force, incl. waiting for the file's force
        }
        return clash;
    }

    /** Decides and writes one instance; {@code savepoint}: its writes start with a savepoint (batches). */
    private Result indexOne(Connection c, Pending p, IndexStatements.Existing old, boolean savepoint)
            throws SQLException, IOException {
        ReceivedInstance ri = p.ri;
        InstanceAttributes a = ri.attributes();
        Decision decision = Decision.STORED;
        List<InstanceConflict> conflicts = new ArrayList<>();
        if (old != null) {
            if (old.digest().equals(ri.digest())) {
                return new Result(Decision.DUPLICATE_IDENTICAL, null, 0);
            }
            decision = switch (p.policy) {
                case REJECT -> Decision.CONFLICT_REJECTED;
                case KEEP_FIRST -> Decision.CONFLICT_KEPT_FIRST;
                case OVERWRITE -> Decision.CONFLICT_OVERWRITTEN;
            };
            conflicts.add(conflict(ri, p.src, InstanceConflict.Kind.DIFFERENT_CONTENT, decision, old.digest(), null));
        }
        String clash = null;
        if (decision == Decision.STORED || decision == Decision.CONFLICT_OVERWRITTEN) {
            p.savepoint = savepoint;
            if (savepoint) {
                // a batch: the rows first (their round trip overlaps with the staged file's force), then
                // the rename; the batch forces each folder once before its commit
                clash = IndexStatements.upsert(c, ri, p.src, p.path, p.quietPeriodMs, old, savepoint);
                long t0 = System.nanoTime();
                p.fileCommit.rename(p.path, true); // no index row, or overwrite: any file there is ours to replace
                metrics.stage("index-file-rename", t0); // includes waiting for the staged file's force
                p.renamed = true;
            } else {
                // alone (one sender, one instance at a time): rename and folder force run while the rows'
                // round trip does; the commit still waits for both
                clash = upsertWhileCommittingFile(c, p, old);
            }
            if (clash != null) {
                conflicts.add(conflict(ri, p.src, InstanceConflict.Kind.PATIENT_ID_MISMATCH, null, null, clash));
            }
            if (old != null && decision == Decision.CONFLICT_OVERWRITTEN) {
                if (IndexStatements.fixUpMove(c, old, a.sopInstanceUID())) {
                    LOG.warnf(
                            "overwritten instance %s moved from %s to %s (series or study changed)",
                            a.sopInstanceUID(), old.path(), p.path);
                }
                if (!old.path().equals(p.path.relative())) {
                    p.replacedFile = StoragePath.parse(old.path()); // deleted once this transaction committed
                }
            }
        }
        if (savepoint && !p.savepoint && !conflicts.isEmpty()) {
            try (var st = c.createStatement()) {
                st.execute("SAVEPOINT " + IndexStatements.SAVEPOINT);
            }
            p.savepoint = true;
        }
        for (InstanceConflict ic : conflicts) {
            Outbox.insert(c, EventType.INSTANCE_CONFLICT, ic);
        }
        return new Result(decision, clash, conflicts.size());
    }

    private static InstanceConflict conflict(
            ReceivedInstance ri,
            Source src,
            InstanceConflict.Kind kind,
            Decision decision,
            String storedDigest,
            String storedPatientID) {
        InstanceAttributes a = ri.attributes();
        InstanceConflict.Resolution resolution = decision == null
                ? InstanceConflict.Resolution.STORED_UNMERGED
                : switch (decision) {
                    case CONFLICT_REJECTED -> InstanceConflict.Resolution.REJECTED;
                    case CONFLICT_OVERWRITTEN -> InstanceConflict.Resolution.OVERWRITTEN;
                    default -> InstanceConflict.Resolution.KEPT_FIRST;
                };
        return new InstanceConflict(
                a.studyInstanceUID(),
                a.seriesInstanceUID(),
                a.sopInstanceUID(),
                a.sopClassUID(),
                kind,
                resolution,
                storedDigest,
                ri.digest(),
                storedPatientID,
                a.patientID(),
                src.label(),
                Instant.now());
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken; the transaction is gone with it
        }
    }
}
