package io.radflow.ingest.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    static final class Rq extends GroupCommit.Request {
        final int n;
        volatile boolean ranInBatch;

        Rq(int n) {
            this.n = n;
        }
    }

    @Test
    void concurrentRequestsShareBatchesAndEachGetsItsOwnResultAfterItsBatch() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Rq> group = new GroupCommit<>(64, batch -> {
            sizes.add(batch.size());
            firstBatchRunning.countDown();
            release.await(); // the first batch holds until every other request is queued behind it
            for (Rq q : batch) {
                q.ranInBatch = true;
                q.succeed(q.n * 10);
            }
        });
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> first = ex.submit(() -> group.submit(new Rq(0)));
            firstBatchRunning.await();
            List<Rq> rqs = new ArrayList<>();
            List<Future<Object>> rest = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                Rq q = new Rq(i);
                rqs.add(q);
                rest.add(ex.submit(() -> group.submit(q)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> group.waiting() == 20);
            release.countDown();
            assertThat(first.get()).isEqualTo(0);
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i).get()).isEqualTo((i + 1) * 10);
                assertThat(rqs.get(i).ranInBatch).isTrue();
            }
        }
        assertThat(sizes).containsExactly(1, 20); // the 20 waiting requests ran as one batch
    }

    @Test
    void aFailingBatchFailsOnlyItsUndecidedRequests() throws Exception {
        GroupCommit<Rq> group = new GroupCommit<>(64, batch -> {
            for (Rq q : batch) {
                if (q.n == 1) {
                    q.succeed("ok");
                }
            }
            throw new java.sql.SQLException("commit failed");
        });
        assertThatThrownBy(() -> group.submit(new Rq(2))).hasMessage("commit failed");
        assertThat(group.submit(new Rq(1))).isEqualTo("ok");
    }
}
