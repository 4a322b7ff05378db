package io.radflow.ingest.assembly;

import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the {@link StudyEvent} of a study from the index (in the assembler's transaction). */
final class StudyEventFactory {
    private final String retrieveBaseUrl;
    private final java.util.function.Function<String, String> location;

    StudyEventFactory(String retrieveBaseUrl, java.util.function.Function<String, String> location) {
        this.retrieveBaseUrl = retrieveBaseUrl.endsWith("/")
                ? retrieveBaseUrl.substring(0, retrieveBaseUrl.length() - 1)
                : retrieveBaseUrl;
        this.location = location;
    }

    StudyEvent build(Connection c, long studyPk, int version) throws SQLException {
        List<SeriesSummary> series = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                """
                SELECT series_iuid, series_number, modality, series_description, body_part_examined,
                    sop_classes, number_of_instances
                FROM series WHERE study_fk = ? ORDER BY series_number NULLS LAST, series_iuid
                """)) {
            ps.setLong(1, studyPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int sn = rs.getInt(2);
                    Integer seriesNumber = rs.wasNull() ? null : sn;
                    series.add(new SeriesSummary(
                            rs.getString(1),
                            seriesNumber,
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            strings(rs.getArray(6)),
                            rs.getInt(7)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                """
                SELECT s.study_iuid, p.patient_id, p.patient_name, s.accession_number, s.study_date, s.study_time,
                    s.study_description, s.modalities_in_study, s.body_parts_examined, s.number_of_series,
                    s.number_of_instances, s.last_received_at
                FROM study s JOIN patient p ON p.pk = s.patient_fk WHERE s.pk = ?
                """)) {
            ps.setLong(1, studyPk);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String uid = rs.getString(1);
                String pid = rs.getString(2);
                return new StudyEvent(
                        uid,
                        version,
                        pid == null || pid.isEmpty() ? null : pid,
                        alphabetic(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        strings(rs.getArray(8)),
                        strings(rs.getArray(9)),
                        rs.getInt(10),
                        rs.getInt(11),
                        series,
                        location.apply(uid),
                        retrieveBaseUrl + "/studies/" + uid,
                        rs.getTimestamp(12).toInstant());
            }
        }
    }

    private static String alphabetic(String pn) {
        if (pn == null) {
            return null;
        }
        int eq = pn.indexOf('=');
        return eq < 0 ? pn : pn.substring(0, eq);
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
