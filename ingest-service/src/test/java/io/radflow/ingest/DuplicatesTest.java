package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.cstore;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.modified;
import static io.radflow.ingest.IngestTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.config.IngestConfig.DuplicatePolicy;
import io.radflow.ingest.config.IngestSettings;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Identical and conflicting re-sends under each duplicate policy; Patient ID clash. */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DuplicatesTest {
    @Inject
    AgroalDataSource ds;

    @Inject
    IngestSettings settings;

    @AfterEach
    void defaults() {
        settings.setDuplicatePolicy(DuplicatePolicy.KEEP_FIRST);
    }

    /** Sends a 2-instance study and waits until it is announced; returns its files. */
    List<Path> announcedStudy(long seed) throws Exception {
        GroundTruth g = IngestTestSupport.study(seed, 2);
        List<Path> files = files(g.dir()).subList(0, 2);
        assertThat(cstore("STORESCU", files)).allSatisfy(r -> assertThat(r.ok()).isTrue());
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(study, "version")) == 1);
        return files;
    }

    static String sql(String study, String column) {
        return "SELECT " + column + " FROM ingest.study WHERE study_iuid = '" + study + "'";
    }

    long outbox(String study, String type) throws Exception {
        return count(
                ds,
                "SELECT count(*) FROM ingest.outbox WHERE aggregate_id = '" + study + "' AND event_type = '" + type
                        + "'");
    }

    @Test
    void identicalResendIsIdempotentWithoutEvent() throws Exception {
        List<Path> files = announcedStudy(301);
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        assertThat(cstore("ORTHANC", files))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        var stow = IngestTestSupport.stow("/dicomweb/studies", IngestTestSupport.dicomParts(files));
        assertThat(stow.statusCode()).isEqualTo(200);
        assertThat(count(ds, sql(study, "number_of_instances"))).isEqualTo(2);
        assertThat(IngestTestSupport.scalar(ds, sql(study, "announce_due_at")))
                .as("no new announcement due")
                .isNull();
        assertThat(count(ds, "SELECT count(*) FROM ingest.outbox WHERE aggregate_id = '" + study + "'"))
                .isEqualTo(1);
    }

    @Test
    void conflictingResendFollowsThePolicy() throws Exception {
        List<Path> files = announcedStudy(302);
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        String iuid = read(files.get(0)).getString(Tag.SOPInstanceUID);
        String digest = (String)
                IngestTestSupport.scalar(ds, "SELECT digest FROM ingest.instance WHERE sop_iuid = '" + iuid + "'");
        Path changed = modified(
                files.get(0),
                Path.of("target", "test-data", "changed-" + iuid + ".dcm"),
                d -> d.setString(Tag.SeriesDescription, VR.LO, "changed"));

        // keep-first (default): success, stored instance kept, conflict event
        assertThat(cstore("PACS", List.of(changed)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        assertThat(IngestTestSupport.scalar(ds, "SELECT digest FROM ingest.instance WHERE sop_iuid = '" + iuid + "'"))
                .isEqualTo(digest);
        assertThat(outbox(study, "radflow.instance.conflict")).isEqualTo(1);

        // reject: failure 0111
        settings.setDuplicatePolicy(DuplicatePolicy.REJECT);
        assertThat(cstore("PACS", List.of(changed)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.DuplicateSOPInstance));
        assertThat(outbox(study, "radflow.instance.conflict")).isEqualTo(2);

        // overwrite: success, new content indexed, study updated (version 2)
        settings.setDuplicatePolicy(DuplicatePolicy.OVERWRITE);
        assertThat(cstore("PACS", List.of(changed)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        assertThat(IngestTestSupport.scalar(ds, "SELECT digest FROM ingest.instance WHERE sop_iuid = '" + iuid + "'"))
                .isNotEqualTo(digest);
        IngestTestSupport.assertArchivedEqual(ds, changed);
        assertThat(outbox(study, "radflow.instance.conflict")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(study, "version")) == 2);
        assertThat(count(ds, sql(study, "number_of_instances"))).isEqualTo(2);
    }

    @Test
    void patientIdClashIsReportedNotMerged() throws Exception {
        List<Path> files = announcedStudy(303);
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        Path other = IngestTestSupport.withNewSopInstanceUID(
                files.get(0), Path.of("target", "test-data", "pid-" + study + ".dcm"));
        other = modified(other, other, d -> d.setString(Tag.PatientID, VR.LO, "SOMEONE-ELSE"));
        assertThat(cstore("PACS", List.of(other)))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        String iuid = read(other).getString(Tag.SOPInstanceUID);
        assertThat(IngestTestSupport.scalar(
                        ds, "SELECT patient_id FROM ingest.instance WHERE sop_iuid = '" + iuid + "'"))
                .isEqualTo("SOMEONE-ELSE");
        assertThat(IngestTestSupport.scalar(
                        ds, "SELECT patient_id FROM ingest.v_study WHERE study_iuid = '" + study + "'"))
                .isEqualTo(read(files.get(0)).getString(Tag.PatientID));
        assertThat(count(
                        ds,
                        "SELECT count(*) FROM ingest.outbox WHERE aggregate_id = '" + study
                                + "' AND payload->>'kind' = 'PATIENT_ID_MISMATCH'"))
                .isEqualTo(1);
    }
}
