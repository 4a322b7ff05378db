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

    /** Rows of these studies whose counts or sizes differ from the instances actually indexed. */
    long inconsistentCounts(String... studies) throws Exception {
        String in = "('" + String.join("','", studies) + "')";
        return count(
                        ds,
                        "SELECT count(*) FROM ingest.study s WHERE s.study_iuid IN " + in
                                + " AND (s.number_of_instances <> (SELECT count(*) FROM ingest.instance i WHERE i.study_fk = s.pk)"
                                + " OR s.number_of_series <> (SELECT count(*) FROM ingest.series se WHERE se.study_fk = s.pk)"
                                + " OR s.study_size <> (SELECT coalesce(sum(i.file_size), 0) FROM ingest.instance i"
                                + " WHERE i.study_fk = s.pk))")
                + count(
                        ds,
                        "SELECT count(*) FROM ingest.series se JOIN ingest.study s ON s.pk = se.study_fk"
                                + " WHERE s.study_iuid IN " + in + " AND se.number_of_instances <>"
                                + " (SELECT count(*) FROM ingest.instance i WHERE i.series_fk = se.pk)");
    }

    String storagePath(String iuid) throws Exception {
        return (String) IngestTestSupport.scalar(
                ds, "SELECT storage_path FROM ingest.instance WHERE sop_iuid = '" + iuid + "'");
    }

    @Test
    void overwriteIntoAnotherSeriesAndStudyCorrectsBothSides() throws Exception {
        settings.setDuplicatePolicy(DuplicatePolicy.OVERWRITE);
        List<Path> files = announcedStudy(304);
        String studyA = read(files.get(0)).getString(Tag.StudyInstanceUID);
        String iuid0 = read(files.get(0)).getString(Tag.SOPInstanceUID);
        String iuid1 = read(files.get(1)).getString(Tag.SOPInstanceUID);
        long seriesBefore = count(ds, sql(studyA, "number_of_series"));

        // the first instance re-sent in a new series of the same study
        String newSeries = io.radflow.dicom.data.UID.createUID();
        String oldPath0 = storagePath(iuid0);
        Path moved0 = modified(
                files.get(0),
                Path.of("target", "test-data", "moved-series-" + iuid0 + ".dcm"),
                d -> d.setString(Tag.SeriesInstanceUID, VR.UI, newSeries));
        assertThat(cstore("PACS", List.of(moved0)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        assertThat(IngestTestSupport.scalar(
                        ds,
                        "SELECT se.series_iuid FROM ingest.instance i JOIN ingest.series se ON se.pk = i.series_fk"
                                + " WHERE i.sop_iuid = '" + iuid0 + "'"))
                .isEqualTo(newSeries);
        assertThat(count(ds, sql(studyA, "number_of_instances"))).isEqualTo(2);
        assertThat(inconsistentCounts(studyA)).isZero();
        assertThat(count(
                        ds,
                        "SELECT count(*) FROM ingest.series WHERE number_of_instances <= 0 AND study_fk ="
                                + " (SELECT pk FROM ingest.study WHERE study_iuid = '" + studyA + "')"))
                .as("no empty series left behind")
                .isZero();
        assertThat(count(ds, sql(studyA, "number_of_series"))).isBetween(seriesBefore, seriesBefore + 1);
        assertThat(IngestTestSupport.ARCHIVE.resolve(oldPath0))
                .as("the replaced file")
                .doesNotExist();
        IngestTestSupport.assertArchivedEqual(ds, moved0);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(studyA, "version")) == 2);

        // both instances re-sent into another study: that study has them, the first one is gone
        String studyB = io.radflow.dicom.data.UID.createUID();
        String seriesB = io.radflow.dicom.data.UID.createUID();
        List<Path> toB = new java.util.ArrayList<>();
        for (Path f : List.of(moved0, files.get(1))) {
            toB.add(modified(f, Path.of("target", "test-data", "moved-study-" + f.getFileName()), d -> {
                d.setString(Tag.StudyInstanceUID, VR.UI, studyB);
                d.setString(Tag.SeriesInstanceUID, VR.UI, seriesB);
            }));
        }
        String oldPath1 = storagePath(iuid1);
        assertThat(cstore("PACS", toB.subList(1, 2)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        // study A keeps one instance and is due for an updated event
        assertThat(count(ds, sql(studyA, "number_of_instances"))).isEqualTo(1);
        assertThat(inconsistentCounts(studyA, studyB)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(studyA, "version")) == 3);
        assertThat(outbox(studyA, "radflow.study.updated")).isEqualTo(2);
        assertThat(IngestTestSupport.ARCHIVE.resolve(oldPath1)).doesNotExist();

        assertThat(cstore("PACS", toB.subList(0, 1)))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.Success));
        assertThat(count(ds, "SELECT count(*) FROM ingest.study WHERE study_iuid = '" + studyA + "'"))
                .as("a study left without instances is removed")
                .isZero();
        assertThat(count(ds, sql(studyB, "number_of_instances"))).isEqualTo(2);
        assertThat(count(ds, sql(studyB, "number_of_series"))).isEqualTo(1);
        assertThat(inconsistentCounts(studyB)).isZero();
        for (Path f : toB) {
            IngestTestSupport.assertArchivedEqual(ds, f);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(studyB, "version")) >= 1);
        assertThat(outbox(studyB, "radflow.instance.conflict")).isEqualTo(2);
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
