package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.ingest.messaging.OutboxRelay;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Published events leave the outbox after the retention (7 days; the test profile purges every second),
 * in batches, by the running relay; recent published events and unpublished ones, however old, stay.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class OutboxRetentionTest {
    @Inject
    AgroalDataSource ds;

    @Inject
    MeterRegistry registry;

    @Test
    void publishedEventsOlderThanTheRetentionAreDeletedOthersStay() throws Exception {
        String marker = "retention-test-" + UUID.randomUUID();
        double purgedBefore = purged();
        // hold the relay's lock, so that the old unpublished row below is not published to the real topic
        try (Connection lock = ds.getConnection()) {
            lock.setAutoCommit(true);
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, OutboxRelay.RELAY_LOCK);
                ps.execute();
            }
            try {
                try (Statement st = lock.createStatement()) {
                    // 2,500 published 8 days ago (more than one purge batch), one published 6 days ago,
                    // one created 30 days ago and never published
                    st.executeUpdate(
                            insert(marker + "-old", "now() - interval '8 days'", "now() - interval '8 days'", 2500));
                    st.executeUpdate(
                            insert(marker + "-recent", "now() - interval '6 days'", "now() - interval '6 days'", 1));
                    st.executeUpdate(insert(marker + "-unpublished", "now() - interval '30 days'", "NULL", 1));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, countOf(marker + "-old")) == 0);
                assertThat(count(ds, countOf(marker + "-recent"))).isEqualTo(1);
                assertThat(count(ds, countOf(marker + "-unpublished"))).isEqualTo(1);
                assertThat(purged() - purgedBefore).isGreaterThanOrEqualTo(2500);
            } finally {
                try (Statement st = lock.createStatement()) {
                    st.executeUpdate("DELETE FROM ingest.outbox WHERE aggregate_id LIKE '" + marker + "%'");
                }
                try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, OutboxRelay.RELAY_LOCK);
                    ps.execute();
                }
            }
        }
    }

    private static String insert(String aggregate, String created, String published, int rows) {
        return """
                INSERT INTO ingest.outbox (id, aggregate_id, event_type, payload, created_at, published_at)
                SELECT gen_random_uuid(), '%s', 'radflow.study.ready', '{}'::jsonb, %s, %s FROM generate_series(1, %d)
                """
                .formatted(aggregate, created, published, rows);
    }

    private static String countOf(String aggregate) {
        return "SELECT count(*) FROM ingest.outbox WHERE aggregate_id = '" + aggregate + "'";
    }

    private double purged() {
        return IngestTestSupport.counter(registry, "radflow.ingest.outbox.purged");
    }
}
