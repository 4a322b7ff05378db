package io.radflow.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Group flush: concurrent writers share flushes, and each returns only after a flush that started
 * after it asked (so after its own write); a failed flush fails the writers it was to cover.
 */
class GroupSyncTest {

    @Test
    void concurrentWritersShareFlushesAndEachWaitsForOneThatStartedAfterItsWrite() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        AtomicLong flushStarted = new AtomicLong();
        CountDownLatch firstFlushRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupSync sync = new GroupSync(() -> {
            flushStarted.set(System.nanoTime());
            if (flushes.incrementAndGet() == 1) {
                firstFlushRunning.countDown();
                try {
                    release.await(); // the first flush is slow: writers arriving meanwhile must wait for the next
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        int writers = 16;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 1)) {
            Future<?> leader = pool.submit(() -> {
                sync.syncAfterWrite();
                return null;
            });
            firstFlushRunning.await();
            List<Future<Long>> done = new ArrayList<>();
            List<Long> asked = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                long t = System.nanoTime();
                asked.add(t);
                done.add(pool.submit(() -> {
                    sync.syncAfterWrite();
                    return flushStarted.get(); // the start time of the last flush when this writer returned
                }));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sync.waiters() == writers); // all behind the running flush
            release.countDown();
            leader.get();
            for (int i = 0; i < writers; i++) {
                assertThat(done.get(i).get()).isGreaterThan(asked.get(i));
            }
        }
        assertThat(flushes.get()).isEqualTo(2); // the slow one, then one shared by every writer that waited
    }

    @Test
    void aFailedFlushFailsTheWritersItCoveredAndTheNextFlushServesLaterOnes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("EIO");
            }
        });
        assertThatThrownBy(sync::syncAfterWrite).isInstanceOf(IOException.class).hasMessageContaining("EIO");
        sync.syncAfterWrite();
        assertThat(calls.get()).isEqualTo(2);
    }
}
