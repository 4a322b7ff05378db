package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.cstore;
import static io.radflow.ingest.IngestTestSupport.events;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEventRecord;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A study whose announcement fails (here: a PostgreSQL trigger refuses its version change) is postponed
 * alone and retried a minute later; the study received right after it is announced on time, and the failed
 * one is announced once the failure is gone.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class AssemblyFailureTest {
    @Inject
    AgroalDataSource ds;

    @Inject
    MeterRegistry registry;

    @Test
    void aStudyThatCannotBeAnnouncedDoesNotHoldUpTheOthers() throws Exception {
        List<Path> poisoned = files(IngestTestSupport.study(901, 2).dir());
        List<Path> healthy = files(IngestTestSupport.study(902, 2).dir());
        String bad = read(poisoned.get(0)).getString(Tag.StudyInstanceUID);
        String good = read(healthy.get(0)).getString(Tag.StudyInstanceUID);
        String kafka = DevStackResource.kafka().bootstrapServers();
        double failuresBefore = failures();
        sql(
                """
                CREATE FUNCTION ingest.test_refuse_announce() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.version <> OLD.version AND NEW.study_iuid = '%s' THEN
                    RAISE EXCEPTION 'test: announcing study %% is refused', NEW.study_iuid;
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER test_refuse_announce BEFORE UPDATE ON ingest.study
                  FOR EACH ROW EXECUTE FUNCTION ingest.test_refuse_announce();
                """
                        .formatted(bad));
        try {
            // the failing study first, so that it is due first and heads the assembler's batch
            assertThat(cstore("STORESCU", poisoned))
                    .allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(cstore("STORESCU", healthy))
                    .allSatisfy(r -> assertThat(r.ok()).isTrue());

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !events(kafka, good).isEmpty());
            assertThat(events(kafka, good)).singleElement().satisfies(e -> {
                assertThat(e.headers().type()).isEqualTo(EventType.STUDY_READY);
                assertThat(((StudyEvent) e.payload()).numberOfInstances()).isEqualTo(healthy.size());
            });
            // the failed study: not announced, postponed by about a minute, counted
            assertThat(events(kafka, bad)).isEmpty();
            assertThat(count(ds, "SELECT version FROM ingest.study WHERE study_iuid = '" + bad + "'"))
                    .isZero();
            assertThat(count(
                            ds,
                            "SELECT extract(epoch FROM announce_due_at - now())::bigint FROM ingest.study"
                                    + " WHERE study_iuid = '" + bad + "'"))
                    .isBetween(30L, 61L);
            assertThat(failures() - failuresBefore).isGreaterThanOrEqualTo(1);
        } finally {
            sql("DROP TRIGGER test_refuse_announce ON ingest.study; DROP FUNCTION ingest.test_refuse_announce()");
        }
        // once the cause is gone it is announced, once, with every instance (retry brought forward)
        sql("UPDATE ingest.study SET announce_due_at = now() WHERE study_iuid = '" + bad + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(kafka, bad).isEmpty());
        List<StudyEventRecord> evs = events(kafka, bad);
        assertThat(evs).singleElement().satisfies(e -> {
            assertThat(e.headers().type()).isEqualTo(EventType.STUDY_READY);
            assertThat(((StudyEvent) e.payload()).version()).isEqualTo(1);
            assertThat(((StudyEvent) e.payload()).numberOfInstances()).isEqualTo(poisoned.size());
        });
    }

    private void sql(String sql) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute(sql);
        }
    }

    private double failures() {
        return IngestTestSupport.counter(registry, "radflow.ingest.assembly.failures");
    }
}
