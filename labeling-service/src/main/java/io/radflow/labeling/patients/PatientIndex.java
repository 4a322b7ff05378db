package io.radflow.labeling.patients;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.radflow.labeling.archive.ArchiveFiles;
import io.radflow.labeling.archive.IndexUnavailableException;
import io.radflow.labeling.archive.InstanceLocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patient's studies, their series and instances from ingest's read contract ({@code
 * docs/archive-index.md}: the views {@code ingest.v_study}, {@code ingest.v_series}, {@code
 * ingest.v_instance}), read with plain JDBC through the read-only datasource {@code ingest}. Each
 * method is one query whatever the number of studies or series.
 */
@ApplicationScoped
public class PatientIndex {
    /** Order of studies: newest first by Study Date and Time; undated ones last. */
    static final String NEWEST_FIRST = " ORDER BY study_date DESC NULLS LAST, study_time DESC NULLS LAST, study_iuid";

    private static final String INSTANCE_COLUMNS =
            "i.study_iuid, i.series_iuid, i.sop_iuid, i.sop_cuid, i.transfer_syntax_uid, i.storage_path,"
                    + " i.instance_number, i.updated_at";

    private final AgroalDataSource ds;
    private final ArchiveFiles files;

    public PatientIndex(@DataSource("ingest") AgroalDataSource ds, ArchiveFiles files) {
        this.ds = ds;
        this.files = files;
    }

    /**
     * A study of the patient, as the index holds it.
     *
     * @param studyInstanceUID Study Instance UID
     * @param patientName Patient's Name (PN as received, all groups), or null
     * @param issuerOfPatientID Issuer of Patient ID, or null when none
     * @param studyDate Study Date (YYYYMMDD), or null
     * @param studyTime Study Time, or null
     * @param accessionNumber Accession Number, or null
     * @param studyDescription Study Description, or null
     * @param modalitiesInStudy the series' modalities
     * @param numberOfSeries series in the archive
     * @param numberOfInstances instances in the archive
     */
    public record StudyRow(
            String studyInstanceUID,
            String patientName,
            String issuerOfPatientID,
            String studyDate,
            String studyTime,
            String accessionNumber,
            String studyDescription,
            List<String> modalitiesInStudy,
            int numberOfSeries,
            int numberOfInstances) {}

    /**
     * A series of a study.
     *
     * @param studyInstanceUID its study
     * @param seriesInstanceUID Series Instance UID
     * @param seriesNumber Series Number, or null
     * @param modality Modality, or null
     * @param seriesDescription Series Description, or null
     * @param numberOfInstances instances in the archive
     */
    public record SeriesRow(
            String studyInstanceUID,
            String seriesInstanceUID,
            Integer seriesNumber,
            String modality,
            String seriesDescription,
            int numberOfInstances) {}

    /**
     * The newest {@code limit} studies of a Patient ID (newest first, {@link #NEWEST_FIRST}).
     *
     * @param patientId Patient ID (0010,0020) as indexed
     * @param issuer Issuer of Patient ID to restrict to ({@code ""} for none), or null for any issuer
     * @param limit the most studies answered
     */
    public List<StudyRow> studies(String patientId, String issuer, int limit) {
        String sql = "SELECT study_iuid, patient_name, issuer_of_patient_id, study_date, study_time,"
                + " accession_number, study_description, modalities_in_study, number_of_series,"
                + " number_of_instances FROM ingest.v_study WHERE patient_id = ?"
                + (issuer == null ? "" : " AND issuer_of_patient_id = ?")
                + NEWEST_FIRST + " LIMIT ?";
        List<StudyRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setString(p++, patientId);
            if (issuer != null) {
                ps.setString(p++, issuer);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String issuerOf = rs.getString(3);
                    out.add(new StudyRow(
                            rs.getString(1),
                            rs.getString(2),
                            issuerOf == null || issuerOf.isEmpty() ? null : issuerOf,
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            strings(rs.getArray(8)),
                            rs.getInt(9),
                            rs.getInt(10)));
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    /** The series of these studies, by study, each study's in Series Number order. */
    public Map<String, List<SeriesRow>> series(Collection<String> studyUIDs) {
        Map<String, List<SeriesRow>> out = new LinkedHashMap<>();
        if (studyUIDs.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT study_iuid, series_iuid, series_number, modality,"
                        + " series_description, number_of_instances FROM ingest.v_series WHERE study_iuid = ANY (?)"
                        + " ORDER BY study_iuid, series_number NULLS LAST, series_iuid")) {
            ps.setArray(1, c.createArrayOf("text", studyUIDs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int number = rs.getInt(3);
                    Integer seriesNumber = rs.wasNull() ? null : number;
                    SeriesRow s = new SeriesRow(
                            rs.getString(1),
                            rs.getString(2),
                            seriesNumber,
                            rs.getString(4),
                            rs.getString(5),
                            rs.getInt(6));
                    out.computeIfAbsent(s.studyInstanceUID(), k -> new ArrayList<>())
                            .add(s);
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    /** The first instance (Instance Number, then SOP Instance UID) of each of these series, by series. */
    public Map<String, InstanceLocation> firstInstances(Collection<String> seriesUIDs) {
        Map<String, InstanceLocation> out = new LinkedHashMap<>();
        if (seriesUIDs.isEmpty()) {
            return out;
        }
        String sql = "SELECT " + INSTANCE_COLUMNS + " FROM unnest(?::text[]) AS s(series_iuid)"
                + " CROSS JOIN LATERAL (SELECT * FROM ingest.v_instance v WHERE v.series_iuid = s.series_iuid"
                + " ORDER BY v.instance_number NULLS LAST, v.sop_iuid LIMIT 1) i";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", seriesUIDs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InstanceLocation l = files.location(rs);
                    out.put(l.seriesInstanceUID(), l);
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    /** Every instance of these series, in series then Instance Number order. */
    public List<InstanceLocation> instances(Collection<String> seriesUIDs) {
        List<InstanceLocation> out = new ArrayList<>();
        if (seriesUIDs.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + INSTANCE_COLUMNS
                        + " FROM ingest.v_instance i WHERE i.series_iuid = ANY (?)"
                        + " ORDER BY i.series_iuid, i.instance_number NULLS LAST, i.sop_iuid")) {
            ps.setArray(1, c.createArrayOf("text", seriesUIDs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(files.location(rs));
                }
            }
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        }
        return out;
    }

    private static List<String> strings(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        Object[] values = (Object[]) a.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            if (v != null) {
                out.add(v.toString());
            }
        }
        return out;
    }
}
