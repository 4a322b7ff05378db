package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.assertArchivedEqual;
import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.cstore;
import static io.radflow.ingest.IngestTestSupport.events;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.radflow.ingest.IngestTestSupport.withNewSopInstanceUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.events.EventType;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEventRecord;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** C-STORE into the ingest service: archive, index, exactly one ready event, updated on a late instance. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class CStoreIngestTest {
    @Inject
    AgroalDataSource ds;

    String kafka() {
        return DevStackResource.kafka().bootstrapServers();
    }

    @Test
    void studyIsArchivedIndexedAndAnnouncedOnceThenUpdated() throws Exception {
        GroundTruth g = IngestTestSupport.study(101, 20);
        List<Path> files = files(g.dir());
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);

        List<StoreSCU.Result> results = cstore("STORESCU", files);
        assertThat(results).allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue());

        // every instance indexed and stored element by element as sent
        assertThat(count(ds, "SELECT number_of_instances FROM ingest.v_study WHERE study_iuid = '" + study + "'"))
                .isEqualTo(files.size());
        for (Path f : files) {
            assertArchivedEqual(ds, f);
        }

        // exactly one ready event with the right counts and series
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !events(kafka(), study).isEmpty());
        List<StudyEventRecord> evs = events(kafka(), study);
        assertThat(evs).hasSize(1);
        assertThat(evs.get(0).headers().type()).isEqualTo(EventType.STUDY_READY);
        StudyEvent ready = (StudyEvent) evs.get(0).payload();
        assertThat(ready.version()).isEqualTo(1);
        assertThat(ready.numberOfInstances()).isEqualTo(files.size());
        assertThat(ready.numberOfSeries()).isEqualTo(g.series().size());
        assertThat(ready.modalitiesInStudy()).containsExactly("CT");
        assertThat(ready.patientID()).isEqualTo(read(files.get(0)).getString(Tag.PatientID));
        assertThat(ready.series())
                .extracting(SeriesSummary::seriesInstanceUID, SeriesSummary::numberOfInstances)
                .containsExactlyInAnyOrderElementsOf(g.series().stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(
                                s.seriesInstanceUid(), s.sopInstanceUids().size()))
                        .toList());
        assertThat(ready.retrieveURL()).endsWith("/studies/" + study);
        assertThat(count(
                        ds,
                        "SELECT count(*) FROM ingest.v_series WHERE study_iuid = '" + study
                                + "' AND NOT metadata_stale AND metadata_instances = number_of_instances"))
                .isEqualTo(g.series().size());

        // a late instance: updated, version 2
        Path late = withNewSopInstanceUID(files.get(0), Path.of("target", "test-data", "late-" + study + ".dcm"));
        assertThat(cstore("PACS", List.of(late)))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> events(kafka(), study).size() == 2);
        StudyEventRecord updated = events(kafka(), study).get(1);
        assertThat(updated.headers().type()).isEqualTo(EventType.STUDY_UPDATED);
        assertThat(((StudyEvent) updated.payload()).version()).isEqualTo(2);
        assertThat(((StudyEvent) updated.payload()).numberOfInstances()).isEqualTo(files.size() + 1);
        assertThat(updated.headers().id()).isNotEqualTo(evs.get(0).headers().id());
    }

    @Test
    void unknownCallingAETitleIsRejected() throws Exception {
        GroundTruth g = IngestTestSupport.study(102, 1);
        List<StoreSCU.Result> results = cstore("INTRUDER", files(g.dir()).subList(0, 1));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).containsIgnoringCase("reject");
        });
        String iuid = read(files(g.dir()).get(0)).getString(Tag.SOPInstanceUID);
        assertThat(count(ds, "SELECT count(*) FROM ingest.instance WHERE sop_iuid = '" + iuid + "'"))
                .isZero();
    }
}
