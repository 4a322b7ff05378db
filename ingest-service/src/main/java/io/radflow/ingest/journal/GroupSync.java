package io.radflow.ingest.journal;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Group {@code fdatasync}: writers call {@link #syncAfterWrite()} once their bytes are written; the
 * first one to find no sync running becomes the leader and forces the file, covering every write
 * completed before it started; the others wait for that sync or the next. Concurrent senders thus
 * share one device flush, and each returns only after a flush that started after its own write.
 */
final class GroupSync {
    /** The flush itself (e.g. {@code FileChannel.force(false)}). */
    @FunctionalInterface
    interface Flush {
        void run() throws IOException;
    }

    private final Flush flush;
    private long started;
    private long completed;
    private long lastOk;
    private IOException lastFailure;
    private boolean running;
    private int waiters;

    GroupSync(Flush flush) {
        this.flush = flush;
    }

    /** Writers waiting for a flush (for tests). */
    synchronized int waiters() {
        return waiters;
    }

    /** Returns once a flush that started after this call's beginning has succeeded; throws if it failed. */
    void syncAfterWrite() throws IOException {
        long generation;
        synchronized (this) {
            long need = started + 1;
            while (true) {
                if (lastOk >= need) {
                    return;
                }
                if (completed >= need) {
                    throw new IOException("journal flush failed", lastFailure);
                }
                if (!running) {
                    running = true;
                    generation = ++started;
                    break;
                }
                waiters++;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the journal flush");
                } finally {
                    waiters--;
                }
            }
        }
        IOException failure = null;
        try {
            flush.run();
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException("journal flush failed: " + e, e);
        } finally {
            synchronized (this) {
                completed = generation;
                if (failure == null) {
                    lastOk = generation;
                } else {
                    lastFailure = failure;
                }
                running = false;
                notifyAll();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
