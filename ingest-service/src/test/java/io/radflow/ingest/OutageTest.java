package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.cstore;
import static io.radflow.ingest.IngestTestSupport.dicomParts;
import static io.radflow.ingest.IngestTestSupport.events;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.radflow.ingest.IngestTestSupport.stow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.net.Status;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEventRecord;
import io.radflow.ingest.config.IngestSettings;
import io.radflow.ingest.messaging.OutboxRelay;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Disk full, PostgreSQL down, Kafka down: never a success that is not durable; no event lost or duplicated. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class OutageTest {
    /** How long Kafka stays down in {@link #kafkaOutageDuringAPushLosesAndDuplicatesNothing()} (issue: 60 s). */
    static final Duration KAFKA_OUTAGE = Duration.ofSeconds(Long.getLong("radflow.test.kafka-outage-s", 60));

    @Inject
    AgroalDataSource ds;

    @Inject
    IngestSettings settings;

    @Inject
    OutboxRelay relay;

    @Test
    void belowTheDiskWatermarkAssociationsAreRefusedAndStowAnswers503() throws Exception {
        GroundTruth g = IngestTestSupport.study(401, 1);
        List<Path> files = files(g.dir()).subList(0, 1);
        long before = settings.minFreeBytes();
        settings.setMinFreeBytes(Long.MAX_VALUE);
        try {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(cstore("STORESCU", files)).allSatisfy(r -> {
                        assertThat(r.ok()).isFalse();
                        assertThat(r.error()).containsIgnoringCase("reject");
                    }));
            assertThat(stow("/dicomweb/studies", dicomParts(files)).statusCode())
                    .isEqualTo(503);
        } finally {
            settings.setMinFreeBytes(before);
        }
        String iuid = read(files.get(0)).getString(Tag.SOPInstanceUID);
        assertThat(count(ds, "SELECT count(*) FROM ingest.instance WHERE sop_iuid = '" + iuid + "'"))
                .isZero();
    }

    @Test
    void withPostgresStoppedStoresFailNeverSucceed() throws Exception {
        GroundTruth g = IngestTestSupport.study(402, 2);
        List<Path> files = files(g.dir()).subList(0, 2);
        DevStackResource.postgres().close();
        try {
            assertThat(cstore("STORESCU", files.subList(0, 1)))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.OutOfResources));
            var rsp = stow("/dicomweb/studies", dicomParts(files.subList(1, 2)));
            assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(503);
            assertThat(rsp.body()).contains("00081198"); // FailedSOPSequence
        } finally {
            DevStackResource.postgres().start();
        }
        // after the restart, the PACS retry succeeds
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cstore("STORESCU", files))
                .allSatisfy(r -> assertThat(r.ok()).isTrue()));
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        assertThat(count(ds, "SELECT number_of_instances FROM ingest.v_study WHERE study_iuid = '" + study + "'"))
                .isEqualTo(2);
    }

    @Test
    void kafkaOutageDuringAPushLosesAndDuplicatesNothing() throws Exception {
        GroundTruth g = IngestTestSupport.study(403, 20);
        List<Path> files = files(g.dir());
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        String kafka = DevStackResource.kafka().bootstrapServers();
        int half = files.size() / 2;
        assertThat(cstore("STORESCU", files.subList(0, half)))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        DevStackResource.kafka().close();
        Instant stopped = Instant.now();
        try {
            assertThat(cstore("STORESCU", files.subList(half, files.size())))
                    .allSatisfy(r -> assertThat(r.ok()).isTrue());
            // the ready event waits in the outbox while the broker is down
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count(
                                    ds,
                                    "SELECT count(*) FROM ingest.outbox WHERE published_at IS NULL AND aggregate_id = '"
                                            + study + "'")
                            == 1);
            assertThat(relay.backlog()).isPositive();
            // keep the broker down for the whole outage (the relay keeps retrying meanwhile)
            await().pollDelay(
                            Duration.between(Instant.now(), stopped.plus(KAFKA_OUTAGE))
                                            .isNegative()
                                    ? Duration.ZERO
                                    : Duration.between(Instant.now(), stopped.plus(KAFKA_OUTAGE)))
                    .atMost(KAFKA_OUTAGE.plusSeconds(10))
                    .until(() -> true);
        } finally {
            DevStackResource.kafka().start();
        }
        await().atMost(Duration.ofSeconds(90))
                .until(() -> count(ds, "SELECT count(*) FROM ingest.outbox WHERE published_at IS NULL") == 0);
        // a ready event, and an updated one if the broker's stop took longer than the quiet period:
        // versions 1..n without gap or repetition, the last one with every instance
        List<StudyEventRecord> evs = events(kafka, study);
        assertThat(evs).isNotEmpty();
        for (int i = 0; i < evs.size(); i++) {
            assertThat(((StudyEvent) evs.get(i).payload()).version()).isEqualTo(i + 1);
        }
        assertThat(((StudyEvent) evs.get(evs.size() - 1).payload()).numberOfInstances())
                .isEqualTo(files.size());
        Set<String> ids = new HashSet<>();
        for (StudyEventRecord e : events(kafka)) {
            assertThat(ids.add(e.headers().id()))
                    .as("ce_id " + e.headers().id() + " once")
                    .isTrue();
        }
        assertThat(count(ds, "SELECT count(*) FROM ingest.outbox")).isEqualTo(ids.size());
    }
}
