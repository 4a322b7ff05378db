package io.radflow.ingest.assembly;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.StudyEvent;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.messaging.Outbox;
import io.radflow.ingest.messaging.OutboxRelay;
import io.radflow.ingest.metrics.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The "assemble" stage: when the earliest quiet period ends, and at least every {@code
 * radflow.ingest.assembler-interval}, takes the studies whose
 * quiet period is over ({@code announce_due_at <= now}, row locked with {@code FOR UPDATE SKIP
 * LOCKED}, so replicas share the work and an ingest transaction holding the study is skipped),
 * rebuilds the stale series metadata, increments the study version, and writes the {@code ready}
 * (version 1) or {@code updated} event to the outbox; up to 20 studies per transaction, each in its own
 * savepoint. A study whose announcement fails (an error other than a lost connection) is rolled back
 * alone, logged at ERROR, counted ({@code radflow_ingest_assembly_failures_total}) and retried {@value
 * #RETRY_AFTER_FAILURE_S} s later, so that it never holds up the studies behind it. The state is in
 * PostgreSQL only, so a restart resumes where it stopped.
 */
@ApplicationScoped
public class StudyAssembler {
    private static final Logger LOG = Logger.getLogger(StudyAssembler.class);
    static final int RETRY_AFTER_FAILURE_S = 60;

    private final AgroalDataSource ds;
    private final IngestConfig config;
    private final OutboxRelay relay;
    private final IngestMetrics metrics;
    private final StudyEventFactory events;
    private volatile ScheduledExecutorService executor;

    StudyAssembler(
            AgroalDataSource ds, IngestConfig config, OutboxRelay relay, IngestMetrics metrics, ArchiveStore archive) {
        this.ds = ds;
        this.config = config;
        this.relay = relay;
        this.metrics = metrics;
        this.events = new StudyEventFactory(
                config.retrieveBaseUrl(), uid -> archive.locationOf(uid).toString());
    }

    void start(@Observes StartupEvent ev) {
        executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("study-assembler").unstarted(r));
        executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
    }

    /** Whether the scheduler runs (also before it is started): it reschedules itself after every error. */
    public boolean alive() {
        ScheduledExecutorService e = executor;
        return e == null || !e.isTerminated() && !e.isShutdown();
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One scheduler period: announces due studies until none is left, waking the relay after each batch, then
     * schedules the next period at the earliest due time still ahead, at most {@code assembler-interval} later
     * (so a study is announced when its quiet period ends, not up to a period later). After an error (e.g.
     * PostgreSQL down) it waits a second before the next attempt.
     */
    private void tick() {
        long next = config.assemblerInterval().toMillis();
        try {
            while (!Thread.currentThread().isInterrupted() && assembleDue() > 0) {
                relay.wakeUp(); // publish each batch at once
            }
            next = Math.max(0, Math.min(next, millisUntilNextDue()));
        } catch (Exception e) {
            LOG.warnf("study assembler: %s", e.toString());
            next = TimeUnit.SECONDS.toMillis(1);
        } finally {
            if (!executor.isShutdown()) {
                executor.schedule(this::tick, next, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Milliseconds until the earliest study is due (may be negative), or {@link Long#MAX_VALUE} if none. */
    private long millisUntilNextDue() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ceil(extract(epoch FROM min(announce_due_at) - clock_timestamp()) * 1000)::bigint"
                                + " FROM study WHERE announce_due_at IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long ms = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : ms;
        }
    }

    /** Moves a study whose announcement failed to the back: due again {@value #RETRY_AFTER_FAILURE_S} s later. */
    private static void postpone(Connection c, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE study SET announce_due_at = clock_timestamp() + make_interval(secs => ?) WHERE pk = ?")) {
            ps.setInt(1, RETRY_AFTER_FAILURE_S);
            ps.setLong(2, pk);
            ps.executeUpdate();
        }
    }

    /** Announces the studies that are due; returns how many were taken (announced or postponed). */
    int assembleDue() throws Exception {
        int n = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<long[]> due = new ArrayList<>();
                List<String> uids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        """
                        SELECT pk, version, study_iuid FROM study WHERE announce_due_at <= clock_timestamp()
                        ORDER BY announce_due_at LIMIT 20 FOR UPDATE SKIP LOCKED
                        """)) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            due.add(new long[] {rs.getLong(1), rs.getInt(2)});
                            uids.add(rs.getString(3));
                        }
                    }
                }
                for (int i = 0; i < due.size(); i++) {
                    long t0 = System.nanoTime();
                    long pk = due.get(i)[0];
                    int version = (int) due.get(i)[1] + 1;
                    Savepoint sp = c.setSavepoint();
                    try {
                        SeriesMetadataBuilder.rebuildStale(c, pk);
                        StudyEvent e = events.build(c, pk, version);
                        Outbox.insert(c, e.eventType(), e);
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE study SET version = ?, announce_due_at = NULL, announced_at = now() WHERE pk = ?")) {
                            ps.setInt(1, version);
                            ps.setLong(2, pk);
                            ps.executeUpdate();
                        }
                        c.releaseSavepoint(sp);
                        metrics.stage("assemble", t0);
                        LOG.infof(
                                "study %s %s: version %d, %d series, %d instances",
                                uids.get(i), e.eventType().type(), version, e.numberOfSeries(), e.numberOfInstances());
                    } catch (Exception e) {
                        if (c.isClosed() || !c.isValid(2)) {
                            throw e; // the connection, not the study: the whole batch is retried
                        }
                        c.rollback(sp);
                        postpone(c, pk);
                        metrics.assemblyFailure();
                        LOG.errorf(
                                e,
                                "study %s: version %d not announced (%s); retried in %d s, the other studies go on",
                                uids.get(i),
                                version,
                                e,
                                RETRY_AFTER_FAILURE_S);
                    }
                    n++;
                }
                c.commit();
                return n;
            } catch (Exception e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // connection broken
                }
                throw e;
            }
        }
    }
}
