package io.radflow.ingest.receive;

import io.radflow.dicom.net.Status;
import io.radflow.ingest.journal.InstanceBuffer;
import io.radflow.ingest.journal.Journal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies journal records (archives and indexes the instances they hold), up to {@code concurrency} at
 * once, which the index's group commit turns into shared transactions. Records of the same SOP Instance
 * UID are applied one after the other in journal order. A record whose apply fails (PostgreSQL or the
 * archive unavailable) is retried from the journal with back-off until it succeeds, unless its journal
 * write failed (then it was never acknowledged); the future {@link #submit} returns completes with the
 * first attempt's result, so the sender is not held while the index is down. Also tells which studies
 * have records not yet applied.
 */
final class JournalApplier {
    private static final Logger LOG = Logger.getLogger(JournalApplier.class);

    /**
     * Archives and indexes one record, its payload from {@code memory} (or from the journal when null),
     * committing only after {@code written} completes (null: the record is on disk already); throws when it
     * should be retried.
     */
    @FunctionalInterface
    interface Apply {
        IngestResult apply(Journal.Record r, InstanceBuffer memory, CompletableFuture<Void> written) throws Exception;
    }

    private final Apply apply;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<Void>> bySop = new HashMap<>();
    private final Map<String, Integer> byStudy = new HashMap<>();
    private int inFlight;
    private volatile boolean stopping;

    JournalApplier(Apply apply, int concurrency) {
        this.apply = apply;
        this.permits = new Semaphore(Math.max(1, concurrency));
    }

    /**
     * Applies {@code r} after any earlier record of the same instance, its payload from {@code memory}
     * (null: from the journal) once {@code written} (null: on disk already); the future completes with
     * the result of the first attempt.
     */
    CompletableFuture<IngestResult> submit(Journal.Record r, InstanceBuffer memory, CompletableFuture<Void> written) {
        CompletableFuture<IngestResult> first = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        String sop = r.meta().sopInstanceUID();
        String study = r.meta().studyInstanceUID();
        CompletableFuture<Void> before;
        synchronized (this) {
            before = bySop.put(sop, done);
            byStudy.merge(study, 1, Integer::sum);
            inFlight++;
        }
        Runnable run = () -> {
            try {
                applyWithRetries(r, memory, written, first);
            } finally {
                synchronized (this) {
                    bySop.remove(sop, done);
                    byStudy.computeIfPresent(study, (k, n) -> n > 1 ? n - 1 : null);
                    inFlight--;
                    notifyAll();
                }
                done.complete(null);
            }
        };
        if (before == null) {
            threads.execute(run);
        } else {
            before.whenComplete((v, e) -> threads.execute(run));
        }
        return first;
    }

    private void applyWithRetries(
            Journal.Record r,
            InstanceBuffer memory,
            CompletableFuture<Void> written,
            CompletableFuture<IngestResult> first) {
        long backoff = 100;
        while (true) {
            permits.acquireUninterruptibly();
            try {
                first.complete(apply.apply(r, memory, written));
                return;
            } catch (Exception e) {
                first.complete(new IngestResult(
                        Status.OutOfResources,
                        IngestResult.Outcome.FAILED,
                        r.meta().sopClassUID(),
                        r.meta().sopInstanceUID(),
                        null,
                        null,
                        "index unavailable: " + e.getMessage()));
                if (written != null) {
                    try {
                        written.join();
                    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException w) {
                        return; // the journal write failed: never acknowledged, nothing to retry
                    }
                }
                if (stopping) {
                    LOG.warnf("%s not applied before the stop (%s): replayed at the next start", r, e.toString());
                    return;
                }
                memory = null; // retries read the journal (the sender's buffer is given back)
                written = null;
                LOG.warnf("%s: apply failed (%s), retrying in %d ms", r, e.toString(), backoff);
            } finally {
                permits.release();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // replayed at the next start
            }
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    /** Studies with records not yet applied (their quiet period is not over). */
    synchronized Set<String> pendingStudies() {
        return new HashSet<>(byStudy.keySet());
    }

    /** Waits until no record is being applied, at most {@code max}; returns whether none is. */
    synchronized boolean awaitIdle(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (inFlight > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops retrying (records still failing are replayed at the next start). */
    void stop() {
        stopping = true;
    }
}
