package io.radflow.ingest.index;

import io.radflow.dicom.data.PersonName;
import io.radflow.ingest.archive.StoragePath;
import io.radflow.ingest.receive.ReceivedInstance;
import io.radflow.ingest.receive.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of the index transaction: {@link #lockAndFindAll} (advisory locks on the SOP Instance UIDs
 * of a batch, then their stored rows: one round trip per batch) and {@link #upsert} (savepoint,
 * patient, study, series with its study's series count, instance: one round trip per instance). Each sends several statements in one PreparedStatement, which
 * the PostgreSQL driver pipelines (one network round trip, one statement after the other, each with
 * its own snapshot in READ COMMITTED); later statements find the rows of earlier ones by their UIDs.
 */
final class IndexStatements {
    private IndexStatements() {}

    /** The row of an instance already in the index. */
    record Existing(long pk, String digest, String path, long fileSize, long studyPk, long seriesPk) {}

    private static final String LOCK_AND_FIND =
            """
            SELECT pg_advisory_xact_lock(hashtextextended(?, 0));
            SELECT pk, digest, storage_path, file_size, study_fk, series_fk FROM instance WHERE sop_iuid = ?
            """;

    /** Serialises writers of this SOP Instance UID until the transaction ends, then reads its row, if any. */
    static Existing lockAndFind(Connection c, String iuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_AND_FIND)) {
            ps.setString(1, iuid);
            ps.setString(2, iuid);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("no result of the instance query");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next()
                        ? new Existing(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6))
                        : null;
            }
        }
    }

    private static final String LOCK_AND_FIND_ALL =
            """
            SELECT count(pg_advisory_xact_lock(hashtextextended(u, 0))) FROM unnest(?::text[]) AS u;
            SELECT sop_iuid, pk, digest, storage_path, file_size, study_fk, series_fk FROM instance
            WHERE sop_iuid = ANY(?::text[])
            """;

    /**
     * {@link #lockAndFind} for several SOP Instance UIDs in one round trip (locks taken in the order
     * given, which callers sort); returns the stored rows by SOP Instance UID.
     */
    static java.util.Map<String, Existing> lockAndFindAll(Connection c, List<String> iuids) throws SQLException {
        java.util.Map<String, Existing> found = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK_AND_FIND_ALL)) {
            java.sql.Array arr = c.createArrayOf("text", iuids.toArray());
            ps.setArray(1, arr);
            ps.setArray(2, arr);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("no result of the instance query");
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    found.put(
                            rs.getString(1),
                            new Existing(
                                    rs.getLong(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getLong(5),
                                    rs.getLong(6),
                                    rs.getLong(7)));
                }
            }
        }
        return found;
    }

    /** Name of the savepoint each instance of a batch starts with (the most recent one is rolled back to). */
    static final String SAVEPOINT = "rf_instance";

    private static final String PATIENT =
            """
            INSERT INTO patient (patient_id, issuer_of_patient_id, patient_name, patient_name_norm,
                patient_birth_date, patient_sex)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (patient_id, issuer_of_patient_id) DO NOTHING;
            """;

    private static final String STUDY =
            """
            INSERT INTO study (study_iuid, patient_fk, specific_character_set, study_date, study_time,
                accession_number, study_id, study_description, referring_physician_name,
                referring_physician_name_norm, timezone_offset_from_utc, modalities_in_study,
                sop_classes_in_study, body_parts_examined, number_of_instances, study_size,
                quiet_period_ms, announce_due_at)
            VALUES (?, (SELECT pk FROM patient WHERE patient_id = ? AND issuer_of_patient_id = ?),
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                clock_timestamp() + ? * interval '1 millisecond')
            ON CONFLICT (study_iuid) DO UPDATE SET
                modalities_in_study = CASE WHEN EXCLUDED.modalities_in_study <@ study.modalities_in_study
                    THEN study.modalities_in_study ELSE study.modalities_in_study || EXCLUDED.modalities_in_study END,
                sop_classes_in_study = CASE WHEN EXCLUDED.sop_classes_in_study <@ study.sop_classes_in_study
                    THEN study.sop_classes_in_study ELSE study.sop_classes_in_study || EXCLUDED.sop_classes_in_study END,
                body_parts_examined = CASE WHEN EXCLUDED.body_parts_examined <@ study.body_parts_examined
                    THEN study.body_parts_examined ELSE study.body_parts_examined || EXCLUDED.body_parts_examined END,
                number_of_instances = study.number_of_instances + EXCLUDED.number_of_instances,
                study_size = study.study_size + EXCLUDED.study_size,
                quiet_period_ms = EXCLUDED.quiet_period_ms,
                announce_due_at = EXCLUDED.announce_due_at,
                last_received_at = clock_timestamp(),
                updated_at = now()
            RETURNING CASE WHEN patient_fk IS DISTINCT FROM
                    (SELECT pk FROM patient WHERE patient_id = ? AND issuer_of_patient_id = ?)
                THEN (SELECT p.patient_id FROM patient p WHERE p.pk = study.patient_fk) END;
            """;

    private static final String SERIES =
            """
            WITH s AS (
                INSERT INTO series (series_iuid, study_fk, series_number, modality, series_description,
                    body_part_examined, series_date, series_time, pps_start_date, pps_start_time,
                    sop_classes, number_of_instances)
                VALUES (?, (SELECT pk FROM study WHERE study_iuid = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (series_iuid) DO UPDATE SET
                    sop_classes = CASE WHEN EXCLUDED.sop_classes <@ series.sop_classes
                        THEN series.sop_classes ELSE series.sop_classes || EXCLUDED.sop_classes END,
                    number_of_instances = series.number_of_instances + EXCLUDED.number_of_instances,
                    metadata_stale = true,
                    updated_at = now()
                RETURNING study_fk, (xmax = 0) AS inserted)
            UPDATE study SET number_of_series = number_of_series + 1 FROM s WHERE study.pk = s.study_fk AND s.inserted;
            """;

    private static final String INSERT_INSTANCE =
            """
            INSERT INTO instance (series_fk, study_fk, sop_cuid, instance_number, rows, columns,
                bits_allocated, number_of_frames, patient_id, transfer_syntax_uid, storage_path,
                file_size, digest, metadata, received_via, source, sop_iuid)
            VALUES ((SELECT pk FROM series WHERE series_iuid = ?), (SELECT pk FROM study WHERE study_iuid = ?),
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String UPDATE_INSTANCE =
            """
            UPDATE instance SET series_fk = (SELECT pk FROM series WHERE series_iuid = ?),
                study_fk = (SELECT pk FROM study WHERE study_iuid = ?), sop_cuid = ?, instance_number = ?, rows = ?,
                columns = ?, bits_allocated = ?, number_of_frames = ?, patient_id = ?,
                transfer_syntax_uid = ?, storage_path = ?, file_size = ?, digest = ?, metadata = ?,
                received_via = ?, source = ?, updated_at = now()
            WHERE sop_iuid = ?
            """;

    private static final String UPSERT_NEW = PATIENT + STUDY + SERIES + INSERT_INSTANCE;
    private static final String UPSERT_REPLACE = PATIENT + STUDY + SERIES + UPDATE_INSTANCE;
    private static final String SAVEPOINT_SQL = "SAVEPOINT " + SAVEPOINT + ";\n";

    /**
     * Upserts the rows of a stored instance in one round trip ({@code old}: the row it replaces, or
     * null), after a {@code SAVEPOINT} when {@code savepoint}; returns the study's Patient ID if it
     * differs from the instance's, else null.
     */
    static String upsert(
            Connection c,
            ReceivedInstance ri,
            Source src,
            StoragePath path,
            long quietMs,
            Existing old,
            boolean savepoint)
            throws SQLException {
        InstanceAttributes a = ri.attributes();
        String pid = a.patientID() == null ? "" : a.patientID();
        String issuer = a.issuerOfPatientID() == null ? "" : a.issuerOfPatientID();
        boolean newInstance = old == null;
        long sizeDelta = newInstance ? ri.fileSize() : ri.fileSize() - old.fileSize();
        String sql = newInstance ? UPSERT_NEW : UPSERT_REPLACE;
        try (PreparedStatement ps = c.prepareStatement(savepoint ? SAVEPOINT_SQL + sql : sql)) {
            int i = 1;
            // patient
            ps.setString(i++, pid);
            ps.setString(i++, issuer);
            ps.setString(i++, a.patientName());
            ps.setString(i++, PersonName.normalizeForMatching(a.patientName()));
            ps.setString(i++, a.patientBirthDate());
            ps.setString(i++, a.patientSex());
            // study
            ps.setString(i++, a.studyInstanceUID());
            ps.setString(i++, pid);
            ps.setString(i++, issuer);
            ps.setString(i++, a.specificCharacterSet());
            ps.setString(i++, a.studyDate());
            ps.setString(i++, a.studyTime());
            ps.setString(i++, a.accessionNumber());
            ps.setString(i++, a.studyID());
            ps.setString(i++, a.studyDescription());
            ps.setString(i++, a.referringPhysicianName());
            ps.setString(i++, PersonName.normalizeForMatching(a.referringPhysicianName()));
            ps.setString(i++, a.timezoneOffsetFromUTC());
            ps.setArray(i++, c.createArrayOf("text", one(a.modality())));
            ps.setArray(i++, c.createArrayOf("text", one(a.sopClassUID())));
            ps.setArray(i++, c.createArrayOf("text", one(a.bodyPartExamined())));
            ps.setInt(i++, newInstance ? 1 : 0);
            ps.setLong(i++, sizeDelta);
            ps.setLong(i++, quietMs);
            ps.setLong(i++, quietMs);
            ps.setString(i++, pid);
            ps.setString(i++, issuer);
            // series
            ps.setString(i++, a.seriesInstanceUID());
            ps.setString(i++, a.studyInstanceUID());
            setInt(ps, i++, a.seriesNumber());
            ps.setString(i++, a.modality());
            ps.setString(i++, a.seriesDescription());
            ps.setString(i++, a.bodyPartExamined());
            ps.setString(i++, a.seriesDate());
            ps.setString(i++, a.seriesTime());
            ps.setString(i++, a.ppsStartDate());
            ps.setString(i++, a.ppsStartTime());
            ps.setArray(i++, c.createArrayOf("text", one(a.sopClassUID())));
            ps.setInt(i++, newInstance ? 1 : 0);
            // instance
            ps.setString(i++, a.seriesInstanceUID());
            ps.setString(i++, a.studyInstanceUID());
            ps.setString(i++, a.sopClassUID());
            setInt(ps, i++, a.instanceNumber());
            setInt(ps, i++, a.rows());
            setInt(ps, i++, a.columns());
            setInt(ps, i++, a.bitsAllocated());
            setInt(ps, i++, a.numberOfFrames());
            ps.setString(i++, a.patientID());
            ps.setString(i++, ri.transferSyntaxUID());
            ps.setString(i++, path.relative());
            ps.setLong(i++, ri.fileSize());
            ps.setString(i++, ri.digest());
            ps.setBytes(i++, ri.metadataJson());
            ps.setString(i++, src.path().toUpperCase(Locale.ROOT));
            ps.setString(i++, src.name());
            ps.setString(i, a.sopInstanceUID());
            ps.execute(); // savepoint or patient: update count
            if (savepoint) {
                ps.getMoreResults(); // patient
            }
            if (!ps.getMoreResults()) {
                throw new SQLException("no result of the study upsert");
            }
            String clash;
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                clash = rs.getString(1);
            }
            ps.getMoreResults(); // series
            ps.getMoreResults(); // instance
            if (ps.getUpdateCount() != 1) {
                throw new SQLException("instance row not written: " + a.sopInstanceUID());
            }
            return clash;
        }
    }

    private static final String SERIES_MOVED =
            """
            UPDATE series SET number_of_instances = number_of_instances + 1, metadata_stale = true, updated_at = now()
            WHERE pk = ?;
            UPDATE series SET number_of_instances = number_of_instances - 1, metadata_stale = true, updated_at = now(),
                sop_classes = ARRAY(SELECT DISTINCT i.sop_cuid FROM instance i WHERE i.series_fk = series.pk ORDER BY 1)
            WHERE pk = ?;
            WITH d AS (DELETE FROM series WHERE pk = ? AND number_of_instances <= 0 RETURNING study_fk)
            UPDATE study SET number_of_series = number_of_series - 1 FROM d WHERE study.pk = d.study_fk;
            """;

    private static final String STUDY_MOVED =
            """
            UPDATE study SET number_of_instances = number_of_instances + 1, study_size = study_size + ? WHERE pk = ?;
            UPDATE study SET number_of_instances = number_of_instances - 1, study_size = study_size - ?,
                modalities_in_study = ARRAY(SELECT DISTINCT se.modality FROM series se
                    WHERE se.study_fk = study.pk AND se.modality IS NOT NULL ORDER BY 1),
                sop_classes_in_study = ARRAY(SELECT DISTINCT u FROM series se, unnest(se.sop_classes) u
                    WHERE se.study_fk = study.pk ORDER BY 1),
                body_parts_examined = ARRAY(SELECT DISTINCT se.body_part_examined FROM series se
                    WHERE se.study_fk = study.pk AND se.body_part_examined IS NOT NULL ORDER BY 1),
                announce_due_at = clock_timestamp() + quiet_period_ms * interval '1 millisecond',
                last_received_at = clock_timestamp(), updated_at = now()
            WHERE pk = ?;
            DELETE FROM study WHERE pk = ? AND number_of_instances <= 0;
            """;

    /**
     * After an overwrite ({@link #upsert} with {@code old}) that put the instance into another series or
     * study: the counts, sizes and class/modality lists of both sides corrected, the series the
     * instance left marked for a metadata rebuild, the study it left due for an {@code updated} event,
     * and a series or study left empty removed. Returns whether the instance moved.
     */
    static boolean fixUpMove(Connection c, Existing old, String iuid) throws SQLException {
        long series;
        long study;
        try (PreparedStatement ps = c.prepareStatement("SELECT series_fk, study_fk FROM instance WHERE sop_iuid = ?")) {
            ps.setString(1, iuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("instance row not found after its update: " + iuid);
                }
                series = rs.getLong(1);
                study = rs.getLong(2);
            }
        }
        boolean seriesMoved = series != old.seriesPk();
        boolean studyMoved = study != old.studyPk();
        if (!seriesMoved && !studyMoved) {
            return false;
        }
        String sql = (seriesMoved ? SERIES_MOVED : "") + (studyMoved ? STUDY_MOVED : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (seriesMoved) {
                ps.setLong(i++, series);
                ps.setLong(i++, old.seriesPk());
                ps.setLong(i++, old.seriesPk());
            }
            if (studyMoved) {
                // the study upsert added (new size - old size) to the new study: it gets the old size too
                ps.setLong(i++, old.fileSize());
                ps.setLong(i++, study);
                ps.setLong(i++, old.fileSize());
                ps.setLong(i++, old.studyPk());
                ps.setLong(i, old.studyPk());
            }
            ps.execute();
        }
        return true;
    }

    private static Object[] one(String s) {
        return s == null ? new Object[0] : new Object[] {s};
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }
}
