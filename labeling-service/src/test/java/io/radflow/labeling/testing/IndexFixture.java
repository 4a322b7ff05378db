package io.radflow.labeling.testing;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.json.BulkDataURIPolicy;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.testsupport.DevStackResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Puts DICOM files into the test archive and ingest's index the way ingest-service does, following
 * its read contract ({@code docs/archive-index.md}): the file at {@code
 * <root>/<study>/<series>/<sop>.dcm}, rows in {@code patient}/{@code study}/{@code series}/{@code
 * instance} with the decoded strings, normalised names, per-instance DICOM JSON (binary values of
 * 1 KiB or more and Pixel Data as BulkDataURIs under {@code http://localhost:8080/dicomweb}) and the
 * gzip of each series' metadata array. Idempotent per SOP Instance UID.
 */
public final class IndexFixture {
    /** Ingest's default retrieve base (radflow.ingest.retrieve-base-url). */
    public static final String RETRIEVE_BASE = "http://localhost:8080/dicomweb";

    private IndexFixture() {}

    public static Path archiveRoot() {
        return Path.of("target/test-archive").toAbsolutePath();
    }

    public static String jdbcUrl() {
        int port = Integer.getInteger("radflow.test.pg-port", DevStackResource.DEFAULT_PG_PORT);
        return "jdbc:postgresql://127.0.0.1:" + port + "/radflow";
    }

    /** Indexes every {@code .dcm} file below {@code dir} (or {@code dir} itself when it is a file). */
    public static synchronized void index(Path dir) {
        IngestIndexResource.migrate();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                var files = Files.walk(dir)) {
            c.setAutoCommit(false);
            Set<String> touchedSeries = new LinkedHashSet<>();
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                String series = indexFile(c, f);
                if (series != null) {
                    touchedSeries.add(series);
                }
            }
            for (String s : touchedSeries) {
                refreshSeries(c, s);
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot index " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String indexFile(Connection c, Path file) throws SQLException, IOException {
        Attributes ds;
        String ts;
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.getTransferSyntax();
        }
        String study = ds.getString(Tag.StudyInstanceUID);
        String series = ds.getString(Tag.SeriesInstanceUID);
        String sop = ds.getString(Tag.SOPInstanceUID);
        String digest = sha256(file);
        if (digest.equals(indexedDigest(c, sop))) {
            return null;
        }
        // new or changed content (regenerated test data): replace the row, as ingest's overwrite policy would
        try (PreparedStatement del = c.prepareStatement("DELETE FROM ingest.instance WHERE sop_iuid = ?")) {
            del.setString(1, sop);
            del.executeUpdate();
        }
        Path rel = Path.of(study, series, sop + ".dcm");
        Path target = archiveRoot().resolve(rel);
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);

        long patient = patient(c, ds);
        long studyPk = study(c, ds, patient);
        long seriesPk = series(c, ds, studyPk);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest.instance (sop_iuid, series_fk, study_fk,"
                + " sop_cuid, instance_number, rows, columns, bits_allocated, number_of_frames, patient_id,"
                + " transfer_syntax_uid, storage_path, file_size, digest, metadata, received_via, source)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'STOW','fixture')")) {
            ps.setString(1, sop);
            ps.setLong(2, seriesPk);
            ps.setLong(3, studyPk);
            ps.setString(4, ds.getString(Tag.SOPClassUID));
            setInt(ps, 5, ds, Tag.InstanceNumber);
            setInt(ps, 6, ds, Tag.Rows);
            setInt(ps, 7, ds, Tag.Columns);
            setInt(ps, 8, ds, Tag.BitsAllocated);
            setInt(ps, 9, ds, Tag.NumberOfFrames);
            ps.setString(10, ds.getString(Tag.PatientID, ""));
            ps.setString(11, ts);
            ps.setString(12, rel.toString());
            ps.setLong(13, Files.size(target));
            ps.setString(14, digest);
            ps.setBytes(15, json(ds, study, series, sop));
            ps.executeUpdate();
        }
        return series;
    }

    private static String indexedDigest(Connection c, String sop) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM ingest.instance WHERE sop_iuid = ?")) {
            ps.setString(1, sop);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** SHA-256 of the whole file (the fixture's stand-in for ingest's data set digest). */
    static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long patient(Connection c, Attributes ds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest.patient (patient_id, issuer_of_patient_id,"
                + " patient_name, patient_name_norm, patient_birth_date, patient_sex) VALUES (?,?,?,?,?,?)"
                + " ON CONFLICT (patient_id, issuer_of_patient_id) DO UPDATE SET updated_at = now() RETURNING pk")) {
            ps.setString(1, ds.getString(Tag.PatientID, ""));
            ps.setString(2, ds.getString(Tag.IssuerOfPatientID, ""));
            String pn = pn(ds, Tag.PatientName);
            ps.setString(3, pn);
            ps.setString(4, pn == null ? null : normalize(pn));
            ps.setString(5, ds.getString(Tag.PatientBirthDate));
            ps.setString(6, ds.getString(Tag.PatientSex));
            return returningPk(ps);
        }
    }

    private static long study(Connection c, Attributes ds, long patient) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest.study (study_iuid, patient_fk,"
                + " specific_character_set, study_date, study_time, accession_number, study_id, study_description,"
                + " referring_physician_name, referring_physician_name_norm, timezone_offset_from_utc,"
                + " quiet_period_ms, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,10000,1)"
                + " ON CONFLICT (study_iuid) DO UPDATE SET updated_at = now() RETURNING pk")) {
            ps.setString(1, ds.getString(Tag.StudyInstanceUID));
            ps.setLong(2, patient);
            String[] cs = ds.getStrings(Tag.SpecificCharacterSet);
            ps.setString(3, cs == null ? null : String.join("\\", cs));
            ps.setString(4, ds.getString(Tag.StudyDate));
            ps.setString(5, ds.getString(Tag.StudyTime));
            ps.setString(6, ds.getString(Tag.AccessionNumber));
            ps.setString(7, ds.getString(Tag.StudyID));
            ps.setString(8, ds.getString(Tag.StudyDescription));
            String ref = pn(ds, Tag.ReferringPhysicianName);
            ps.setString(9, ref);
            ps.setString(10, ref == null ? null : normalize(ref));
            ps.setString(11, ds.getString(Tag.TimezoneOffsetFromUTC));
            return returningPk(ps);
        }
    }

    private static long series(Connection c, Attributes ds, long study) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest.series (series_iuid, study_fk,"
                + " series_number, modality, series_description, body_part_examined, series_date, series_time)"
                + " VALUES (?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (series_iuid) DO UPDATE SET updated_at = now() RETURNING pk")) {
            ps.setString(1, ds.getString(Tag.SeriesInstanceUID));
            ps.setLong(2, study);
            setInt(ps, 3, ds, Tag.SeriesNumber);
            ps.setString(4, ds.getString(Tag.Modality));
            ps.setString(5, ds.getString(Tag.SeriesDescription));
            ps.setString(6, ds.getString(Tag.BodyPartExamined));
            ps.setString(7, ds.getString(Tag.SeriesDate));
            ps.setString(8, ds.getString(Tag.SeriesTime));
            return returningPk(ps);
        }
    }

    /** Counts, modalities, SOP classes and the series' prepared metadata, as ingest's assembler does. */
    private static void refreshSeries(Connection c, String series) throws SQLException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('[');
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT i.metadata FROM ingest.instance i"
                + " JOIN ingest.series s ON s.pk = i.series_fk WHERE s.series_iuid = ?"
                + " ORDER BY i.instance_number NULLS LAST, i.sop_iuid")) {
            ps.setString(1, series);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n++ > 0) {
                        json.write(',');
                    }
                    json.writeBytes(rs.getBytes(1));
                }
            }
        }
        json.write(']');
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingest.series s SET metadata_gz = ?,"
                + " metadata_instances = ?, metadata_stale = false, number_of_instances = ?,"
                + " sop_classes = (SELECT array_agg(DISTINCT sop_cuid) FROM ingest.instance WHERE series_fk = s.pk),"
                + " updated_at = now() WHERE series_iuid = ?")) {
            ps.setBytes(1, gzip(json.toByteArray()));
            ps.setInt(2, n);
            ps.setInt(3, n);
            ps.setString(4, series);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingest.study st SET"
                + " number_of_series = (SELECT count(*) FROM ingest.series WHERE study_fk = st.pk),"
                + " number_of_instances = (SELECT count(*) FROM ingest.instance WHERE study_fk = st.pk),"
                + " modalities_in_study = (SELECT array_agg(DISTINCT modality) FROM ingest.series"
                + "   WHERE study_fk = st.pk AND modality IS NOT NULL),"
                + " sop_classes_in_study = (SELECT array_agg(DISTINCT sop_cuid) FROM ingest.instance WHERE study_fk = st.pk)"
                + " WHERE st.pk = (SELECT study_fk FROM ingest.series WHERE series_iuid = ?)")) {
            ps.setString(1, series);
            ps.executeUpdate();
        }
    }

    private static byte[] json(Attributes ds, String study, String series, String sop) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (var g = JSONWriter.createGenerator(out)) {
            new JSONWriter(g)
                    .bulkDataURIPolicy(BulkDataURIPolicy.aboveThreshold(
                            RETRIEVE_BASE + "/studies/" + study + "/series/" + series + "/instances/" + sop + "/bulk",
                            1024))
                    .write(ds);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String pn(Attributes ds, int tag) {
        String[] v = ds.getStrings(tag);
        return v == null || v.length == 0 || v[0] == null || v[0].isEmpty() ? null : v[0];
    }

    /** The contract's normalisation (docs/archive-index.md). */
    static String normalize(String pn) {
        String s = pn.replace('^', ' ').replace('=', ' ');
        s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = Normalizer.normalize(s, Normalizer.Form.NFC).toUpperCase(Locale.ROOT);
        return s.replaceAll("\\s+", " ").trim();
    }

    private static void setInt(PreparedStatement ps, int i, Attributes ds, int tag) throws SQLException {
        int v = ds.getInt(tag, Integer.MIN_VALUE);
        if (v == Integer.MIN_VALUE) {
            ps.setNull(i, java.sql.Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static long returningPk(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
