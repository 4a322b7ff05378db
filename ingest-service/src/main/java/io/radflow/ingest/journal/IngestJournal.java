package io.radflow.ingest.journal;

import io.agroal.api.AgroalDataSource;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.PendingObject;
import io.radflow.ingest.archive.StoragePath;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.InstanceReader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's journal: opens the {@link Journal} and its {@link BufferPool}, appends received
 * instances, and checkpoints applied ones: every {@code radflow.ingest.journal.checkpoint-interval}
 * the archive files written since the last checkpoint and their folders are forced, a transaction
 * with synchronous commit flushes PostgreSQL's WAL (which makes every earlier asynchronously committed
 * index transaction durable), and only then are the records marked applied, so their segment can be
 * reused.
 */
@ApplicationScoped
public class IngestJournal {
    private static final Logger LOG = Logger.getLogger(IngestJournal.class);

    private final IngestConfig.JournalConfig config;
    private final ArchiveStore archive;
    private final AgroalDataSource ds;
    private final IngestMetrics metrics;
    private final Path dir;
    private final Path quarantine;
    private final BufferPool pool;
    private final Object checkpointLock = new Object();
    private final List<Applied> applied = new ArrayList<>();
    private volatile Journal journal;
    private ScheduledExecutorService checkpointer;

    /** An applied record and the archive object it wrote (null when none: a duplicate, a quarantined one). */
    private record Applied(Journal.Record record, StoragePath path) {}

    IngestJournal(IngestConfig config, ArchiveStore archive, AgroalDataSource ds, IngestMetrics metrics) {
        this.config = config.journal();
        this.archive = archive;
        this.ds = ds;
        this.metrics = metrics;
        Path root = config.archive().root().toAbsolutePath().normalize();
        this.dir = this.config.dir().orElse(root.resolve(".journal"));
        this.quarantine = root.resolve(".quarantine");
        this.pool = new BufferPool(this.config.bufferMemory().asLongValue());
        metrics.registry()
                .gauge("radflow.ingest.journal.records", this, j -> j.journal == null ? 0 : j.journal.liveRecords());
        metrics.registry().gauge("radflow.ingest.journal.buffer.bytes", pool, BufferPool::bytesInUse);
    }

    /**
     * Opens the journal and returns the records to replay (not applied before the last stop), in order;
     * empty when the journal is disabled. Starts the checkpoints.
     */
    public synchronized List<Journal.Record> open() throws IOException {
        if (!config.enabled() || journal != null) {
            return List.of();
        }
        Journal j =
                Journal.open(dir, config.segmentSize().asLongValue(), config.initialSegments(), config.maxSegments());
        List<Journal.Record> replay = j.recover();
        try {
            j.seenSequence(checkpointedSequence());
        } catch (SQLException e) {
            LOG.warnf(
                    "journal: last checkpoint unknown (%s); sequence numbers continue from the segments", e.toString());
        }
        journal = j;
        checkpointer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("journal-checkpoint").unstarted(r));
        long every = Math.max(10, config.checkpointInterval().toMillis());
        checkpointer.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.infof(
                "journal at %s: %d segments of %d MiB, %d records to replay",
                dir, j.segmentCount(), config.segmentSize().asLongValue() >> 20, replay.size());
        return replay;
    }

    /** Whether the journal is open (instances may take it). */
    public boolean isOpen() {
        return journal != null;
    }

    /** Where received instances go: memory of the pool (spilling to a staging object when too large). */
    public InstanceReader.Sink sink() {
        return InstanceReader.Sink.memory(pool, config.maxInstanceSize().asLongValue());
    }

    /**
     * Reserves a journal record for a received instance (header written, payload not yet); null when the
     * journal has no room (the caller archives and indexes the instance before answering instead).
     * Complete it with {@link #write}.
     */
    public Journal.Record reserve(Journal.Meta meta, InstanceBuffer buffer, long receivedAt) throws IOException {
        Journal j = journal;
        if (j == null) {
            return null;
        }
        Journal.Record r = j.reserve(meta, buffer.buffers(), buffer.length(), receivedAt);
        if (r == null) {
            checkpointer.execute(this::checkpointQuietly); // free segments sooner
        }
        return r;
    }

    /** Writes a reserved record's payload and returns once it is on disk. */
    public void write(Journal.Record r, InstanceBuffer buffer) throws IOException {
        long t0 = System.nanoTime();
        journal.write(r, buffer.buffers());
        metrics.stage("journal", t0);
    }

    /** Writes a record's payload (the Part 10 file), from the journal, into a staging object. */
    public void copyPayload(Journal.Record r, PendingObject target) throws IOException {
        target.append(r.channel(), r.payloadOffset(), r.payloadLength());
    }

    /** A record is archived and indexed ({@code path}: the object it wrote, or null); checkpointed later. */
    public void applied(Journal.Record r, StoragePath path) {
        synchronized (applied) {
            applied.add(new Applied(r, path));
        }
    }

    /**
     * A record that cannot be applied (its data set does not parse or validate: only possible for a
     * corrupted journal or a changed validation): its payload is kept in {@code <archive>/.quarantine}
     * for an operator, and the record counts as applied.
     */
    public Path quarantine(Journal.Record r, String why) throws IOException {
        Files.createDirectories(quarantine);
        Path f = quarantine.resolve(r.seq() + "-" + r.meta().sopInstanceUID().replaceAll("[^0-9.]", "_") + ".dcm");
        try (FileChannel ch = FileChannel.open(
                f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            journal.copyPayload(r, ch);
            ch.force(true);
        }
        try (FileChannel d = FileChannel.open(quarantine, StandardOpenOption.READ)) {
            d.force(true);
        }
        LOG.errorf("%s (SOP Instance %s) quarantined as %s: %s", r, r.meta().sopInstanceUID(), f, why);
        applied(r, null);
        return f;
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (Exception e) {
            LOG.warnf("journal checkpoint failed (retried): %s", e.toString());
        }
    }

    /**
     * Makes everything applied so far durable (archive files and folders forced, PostgreSQL's WAL flushed
     * by a synchronous commit), then marks those records applied in the journal.
     */
    public void checkpoint() throws IOException, SQLException {
        synchronized (checkpointLock) {
            List<Applied> batch;
            synchronized (applied) {
                if (applied.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(applied);
                applied.clear();
            }
            long t0 = System.nanoTime();
            try {
                List<StoragePath> paths = new ArrayList<>();
                long maxSeq = 0;
                for (Applied a : batch) {
                    if (a.path() != null) {
                        paths.add(a.path());
                    }
                    maxSeq = Math.max(maxSeq, a.record().seq());
                }
                archive.force(paths);
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                """
                                INSERT INTO journal_checkpoint (id, seq, at) VALUES (1, ?, now())
                                ON CONFLICT (id) DO UPDATE SET seq = greatest(journal_checkpoint.seq, EXCLUDED.seq), at = now()
                                """)) {
                    c.setAutoCommit(true); // synchronous commit: flushes the WAL of every earlier transaction
                    ps.setLong(1, maxSeq);
                    ps.executeUpdate();
                }
                journal.markApplied(batch.stream().map(Applied::record).toList());
            } catch (IOException | SQLException | RuntimeException e) {
                synchronized (applied) {
                    applied.addAll(0, batch);
                }
                throw e;
            }
            metrics.stage("journal-checkpoint", t0);
        }
    }

    private long checkpointedSequence() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq FROM journal_checkpoint WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Records appended and not yet checkpointed. */
    public int liveRecords() {
        Journal j = journal;
        return j == null ? 0 : j.liveRecords();
    }

    /**
     * Stops the checkpoints after a last one (call once nothing is appended or applied any more); what
     * is not checkpointed is replayed at the next start.
     */
    public void stop() {
        if (checkpointer != null) {
            checkpointer.shutdownNow();
        }
        try {
            checkpoint();
        } catch (Exception e) {
            LOG.warnf("journal: last checkpoint failed (%s); the records are replayed at the next start", e.toString());
        }
    }

    @PreDestroy
    void close() {
        if (checkpointer != null) {
            checkpointer.shutdownNow();
        }
        Journal j = journal;
        journal = null;
        if (j != null) {
            try {
                j.close();
            } catch (IOException e) {
                LOG.warnf("closing the journal: %s", e.toString());
            }
        }
    }
}
