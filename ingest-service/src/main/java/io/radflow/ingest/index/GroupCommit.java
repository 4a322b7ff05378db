package io.radflow.ingest.index;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit without a thread of its own: callers {@link #submit} a request and wait; whoever finds
 * no batch running becomes the leader and runs every request queued so far as one batch (one
 * transaction, one directory force per folder, one WAL flush), then releases all of them. A request
 * returns only after the batch that contains it has finished, so each caller is answered only after
 * its own work is durable. With a single sender one batch holds one request; with concurrent
 * associations, or the instances of one STOW-RS request written ahead, batches grow by themselves.
 *
 * @param <Q> request type
 */
final class GroupCommit<Q extends GroupCommit.Request> {

    /** One unit of work; the batch runner sets its outcome through {@link #succeed} or {@link #fail}. */
    abstract static class Request {
        boolean done;
        Object value;
        Exception error;

        final void succeed(Object v) {
            value = v;
        }

        final void fail(Exception e) {
            error = e;
        }

        final boolean decided() {
            return value != null || error != null;
        }
    }

    /** Runs one batch; must decide every request (unset ones fail with a generic error). */
    @FunctionalInterface
    interface BatchRunner<Q> {
        void run(List<Q> batch) throws Exception;
    }

    private final Object lock = new Object();
    private final ArrayDeque<Q> queue = new ArrayDeque<>();
    private final BatchRunner<Q> runner;
    private final int maxBatch;
    private boolean running;

    GroupCommit(int maxBatch, BatchRunner<Q> runner) {
        this.maxBatch = maxBatch;
        this.runner = runner;
    }

    /** Requests queued for the next batch. */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Queues the request, waits until its batch has run, and returns its value or throws its error. */
    Object submit(Q rq) throws Exception {
        synchronized (lock) {
            queue.add(rq);
        }
        boolean interrupted = false;
        while (true) {
            List<Q> batch = new ArrayList<>();
            synchronized (lock) {
                while (!rq.done && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // the request may be in a running batch: its outcome is awaited
                    }
                }
                if (rq.done) {
                    break;
                }
                running = true;
                while (!queue.isEmpty() && batch.size() < maxBatch) {
                    batch.add(queue.poll());
                }
            }
            try {
                runner.run(batch);
            } catch (Exception e) {
                for (Q q : batch) {
                    if (!q.decided()) {
                        q.fail(e);
                    }
                }
            } catch (Error e) {
                for (Q q : batch) {
                    if (!q.decided()) {
                        q.fail(new IllegalStateException("index batch failed: " + e, e));
                    }
                }
                throw e;
            } finally {
                synchronized (lock) {
                    for (Q q : batch) {
                        if (!q.decided()) {
                            q.fail(new IllegalStateException("index batch left the request undecided"));
                        }
                        q.done = true;
                    }
                    running = false;
                    lock.notifyAll();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (rq.error != null) {
            throw rq.error;
        }
        return rq.value;
    }
}
