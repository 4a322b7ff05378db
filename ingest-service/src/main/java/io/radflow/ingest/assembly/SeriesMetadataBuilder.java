package io.radflow.ingest.assembly;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.GZIPOutputStream;

/**
 * Prepares the WADO-RS metadata of a series: the JSON array of its instances' DICOM JSON objects
 * (ordered by InstanceNumber, then SOPInstanceUID), gzipped, stored in {@code series.metadata_gz}
 * so that a series' metadata is served with one row read and no file opened.
 */
final class SeriesMetadataBuilder {
    private SeriesMetadataBuilder() {}

    /** Rebuilds every stale series of the study on {@code c} (in the caller's transaction). */
    static int rebuildStale(Connection c, long studyPk) throws SQLException, IOException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT pk FROM series WHERE study_fk = ? AND metadata_stale")) {
            ps.setLong(1, studyPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rebuild(c, rs.getLong(1));
                    n++;
                }
            }
        }
        return n;
    }

    static void rebuild(Connection c, long seriesPk) throws SQLException, IOException {
        ByteArrayOutputStream bout = new ByteArrayOutputStream(64 * 1024);
        int count = 0;
        try (OutputStream gz = new GZIPOutputStream(bout, 64 * 1024)) {
            gz.write('[');
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT metadata FROM instance WHERE series_fk = ? ORDER BY instance_number NULLS LAST, sop_iuid")) {
                ps.setLong(1, seriesPk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (count++ > 0) {
                            gz.write(',');
                        }
                        gz.write(rs.getBytes(1));
                    }
                }
            }
            gz.write(']');
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE series SET metadata_gz = ?, metadata_instances = ?, metadata_stale = false WHERE pk = ?")) {
            ps.setBytes(1, bout.toByteArray());
            ps.setInt(2, count);
            ps.setLong(3, seriesPk);
            ps.executeUpdate();
        }
    }
}
