package io.radflow.ingest.index;

import io.agroal.api.AgroalDataSource;
import io.radflow.dicom.data.PersonName;
import io.radflow.events.EventType;
import io.radflow.events.InstanceConflict;
import io.radflow.ingest.archive.StoragePath;
import io.radflow.ingest.config.IngestConfig.DuplicatePolicy;
import io.radflow.ingest.messaging.Outbox;
import io.radflow.ingest.receive.ReceivedInstance;
import io.radflow.ingest.receive.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The "index" stage: one PostgreSQL transaction per instance that serialises senders of the same
 * SOP Instance UID (advisory lock), decides duplicates and conflicts, commits the staged file to its
 * archive path, upserts patient / study / series / instance, marks the study due for announcement
 * after its quiet period, and writes conflict events to the outbox, all or nothing. Plain JDBC with
 * explicit transactions (see ingest-service/README.md for why not Hibernate Reactive).
 */
@ApplicationScoped
public class IndexWriter {
    private static final Logger LOG = Logger.getLogger(IndexWriter.class);

    /** What the transaction decided. */
    public enum Decision {
        STORED,
        DUPLICATE_IDENTICAL,
        CONFLICT_KEPT_FIRST,
        CONFLICT_OVERWRITTEN,
        CONFLICT_REJECTED
    }

    /**
     * @param decision what was done
     * @param patientIdClash the study's Patient ID in the archive, when it differs from the instance's
     * @param events number of outbox rows written
     */
    public record Result(Decision decision, String patientIdClash, int events) {}

    /** Commits the staged file; called inside the transaction after the decision to store. */
    @FunctionalInterface
    public interface FileCommit {
        void commit(StoragePath path, boolean replace) throws IOException;
    }

    private final AgroalDataSource ds;

    IndexWriter(AgroalDataSource ds) {
        this.ds = ds;
    }

    public Result index(
            ReceivedInstance ri, Source src, DuplicatePolicy policy, long quietPeriodMs, FileCommit fileCommit)
            throws SQLException, IOException {
        InstanceAttributes a = ri.attributes();
        StoragePath path = new StoragePath(a.studyInstanceUID(), a.seriesInstanceUID(), a.sopInstanceUID());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            boolean fileCommitted = false;
            try {
                lock(c, a.sopInstanceUID());
                Existing old = existing(c, a.sopInstanceUID());
                Decision decision = Decision.STORED;
                List<InstanceConflict> conflicts = new ArrayList<>();
                if (old != null) {
                    if (old.digest.equals(ri.digest())) {
                        c.rollback();
                        return new Result(Decision.DUPLICATE_IDENTICAL, null, 0);
                    }
                    decision = switch (policy) {
                        case REJECT -> Decision.CONFLICT_REJECTED;
                        case KEEP_FIRST -> Decision.CONFLICT_KEPT_FIRST;
                        case OVERWRITE -> Decision.CONFLICT_OVERWRITTEN;
                    };
                    conflicts.add(
                            conflict(ri, src, InstanceConflict.Kind.DIFFERENT_CONTENT, decision, old.digest, null));
                }
                String clash = null;
                if (decision == Decision.STORED || decision == Decision.CONFLICT_OVERWRITTEN) {
                    fileCommit.commit(path, true); // no index row, or overwrite: any file there is ours to replace
                    fileCommitted = true;
                    clash = upsert(c, ri, src, path, quietPeriodMs, old);
                    if (clash != null) {
                        conflicts.add(conflict(ri, src, InstanceConflict.Kind.PATIENT_ID_MISMATCH, null, null, clash));
                    }
                }
                for (InstanceConflict ic : conflicts) {
                    Outbox.insert(c, EventType.INSTANCE_CONFLICT, ic);
                }
                c.commit();
                if (old != null && decision == Decision.CONFLICT_OVERWRITTEN && !old.path.equals(path.relative())) {
                    LOG.warnf("overwritten instance %s moved from %s to %s", a.sopInstanceUID(), old.path, path);
                }
                return new Result(decision, clash, conflicts.size());
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                if (fileCommitted) {
                    e.addSuppressed(new IllegalStateException("archive file " + path + " left unindexed"));
                }
                throw e;
            }
        }
    }

    private static InstanceConflict conflict(
            ReceivedInstance ri,
            Source src,
            InstanceConflict.Kind kind,
            Decision decision,
            String storedDigest,
            String storedPatientID) {
        InstanceAttributes a = ri.attributes();
        InstanceConflict.Resolution resolution = decision == null
                ? InstanceConflict.Resolution.STORED_UNMERGED
                : switch (decision) {
                    case CONFLICT_REJECTED -> InstanceConflict.Resolution.REJECTED;
                    case CONFLICT_OVERWRITTEN -> InstanceConflict.Resolution.OVERWRITTEN;
                    default -> InstanceConflict.Resolution.KEPT_FIRST;
                };
        return new InstanceConflict(
                a.studyInstanceUID(),
                a.seriesInstanceUID(),
                a.sopInstanceUID(),
                a.sopClassUID(),
                kind,
                resolution,
                storedDigest,
                ri.digest(),
                storedPatientID,
                a.patientID(),
                src.label(),
                Instant.now());
    }

    private record Existing(long pk, String digest, String path, long fileSize, long studyPk, long seriesPk) {}

    private static void lock(Connection c, String iuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, iuid);
            ps.executeQuery().close();
        }
    }

    private static Existing existing(Connection c, String iuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pk, digest, storage_path, file_size, study_fk, series_fk FROM instance WHERE sop_iuid = ?")) {
            ps.setString(1, iuid);
            try (ResultSet rs = ps.executeQuery()) {
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

    /** Upserts the rows of a stored instance; returns the study's Patient ID if it differs from the instance's. */
    private static String upsert(
            Connection c, ReceivedInstance ri, Source src, StoragePath path, long quietMs, Existing old)
            throws SQLException {
        InstanceAttributes a = ri.attributes();
        long patientPk = patient(c, a);
        boolean newInstance = old == null;
        long sizeDelta = newInstance ? ri.fileSize() : ri.fileSize() - old.fileSize;
        long studyPk;
        long studyPatientPk;
        try (PreparedStatement ps = c.prepareStatement(
                """
                INSERT INTO study (study_iuid, patient_fk, specific_character_set, study_date, study_time,
                    accession_number, study_id, study_description, referring_physician_name,
                    referring_physician_name_norm, timezone_offset_from_utc, modalities_in_study,
                    sop_classes_in_study, body_parts_examined, number_of_instances, study_size,
                    quiet_period_ms, announce_due_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
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
                RETURNING pk, patient_fk
                """)) {
            int i = 1;
            ps.setString(i++, a.studyInstanceUID());
            ps.setLong(i++, patientPk);
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
            ps.setLong(i, quietMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                studyPk = rs.getLong(1);
                studyPatientPk = rs.getLong(2);
            }
        }
        long seriesPk;
        boolean newSeries;
        try (PreparedStatement ps = c.prepareStatement(
                """
                INSERT INTO series (series_iuid, study_fk, series_number, modality, series_description,
                    body_part_examined, series_date, series_time, pps_start_date, pps_start_time,
                    sop_classes, number_of_instances)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (series_iuid) DO UPDATE SET
                    sop_classes = CASE WHEN EXCLUDED.sop_classes <@ series.sop_classes
                        THEN series.sop_classes ELSE series.sop_classes || EXCLUDED.sop_classes END,
                    number_of_instances = series.number_of_instances + EXCLUDED.number_of_instances,
                    metadata_stale = true,
                    updated_at = now()
                RETURNING pk, (xmax = 0)
                """)) {
            int i = 1;
            ps.setString(i++, a.seriesInstanceUID());
            ps.setLong(i++, studyPk);
            setInt(ps, i++, a.seriesNumber());
            ps.setString(i++, a.modality());
            ps.setString(i++, a.seriesDescription());
            ps.setString(i++, a.bodyPartExamined());
            ps.setString(i++, a.seriesDate());
            ps.setString(i++, a.seriesTime());
            ps.setString(i++, a.ppsStartDate());
            ps.setString(i++, a.ppsStartTime());
            ps.setArray(i++, c.createArrayOf("text", one(a.sopClassUID())));
            ps.setInt(i, newInstance ? 1 : 0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seriesPk = rs.getLong(1);
                newSeries = rs.getBoolean(2);
            }
        }
        if (newSeries) {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE study SET number_of_series = number_of_series + 1 WHERE pk = ?")) {
                ps.setLong(1, studyPk);
                ps.executeUpdate();
            }
        }
        String sql = newInstance
                ? """
                INSERT INTO instance (series_fk, study_fk, sop_cuid, instance_number, rows, columns,
                    bits_allocated, number_of_frames, patient_id, transfer_syntax_uid, storage_path,
                    file_size, digest, metadata, received_via, source, sop_iuid)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
                : """
                UPDATE instance SET series_fk = ?, study_fk = ?, sop_cuid = ?, instance_number = ?, rows = ?,
                    columns = ?, bits_allocated = ?, number_of_frames = ?, patient_id = ?,
                    transfer_syntax_uid = ?, storage_path = ?, file_size = ?, digest = ?, metadata = ?,
                    received_via = ?, source = ?, updated_at = now()
                WHERE sop_iuid = ?
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, seriesPk);
            ps.setLong(i++, studyPk);
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
            ps.setString(i++, src.path().toUpperCase(java.util.Locale.ROOT));
            ps.setString(i++, src.name());
            ps.setString(i, a.sopInstanceUID());
            ps.executeUpdate();
        }
        if (studyPatientPk != patientPk) {
            try (PreparedStatement ps = c.prepareStatement("SELECT patient_id FROM patient WHERE pk = ?")) {
                ps.setLong(1, studyPatientPk);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }
        return null;
    }

    private static long patient(Connection c, InstanceAttributes a) throws SQLException {
        String pid = a.patientID() == null ? "" : a.patientID();
        String issuer = a.issuerOfPatientID() == null ? "" : a.issuerOfPatientID();
        try (PreparedStatement ps = c.prepareStatement(
                """
                INSERT INTO patient (patient_id, issuer_of_patient_id, patient_name, patient_name_norm,
                    patient_birth_date, patient_sex)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (patient_id, issuer_of_patient_id) DO NOTHING
                RETURNING pk
                """)) {
            ps.setString(1, pid);
            ps.setString(2, issuer);
            ps.setString(3, a.patientName());
            ps.setString(4, PersonName.normalizeForMatching(a.patientName()));
            ps.setString(5, a.patientBirthDate());
            ps.setString(6, a.patientSex());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pk FROM patient WHERE patient_id = ? AND issuer_of_patient_id = ?")) {
            ps.setString(1, pid);
            ps.setString(2, issuer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken; the transaction is gone with it
        }
    }
}
