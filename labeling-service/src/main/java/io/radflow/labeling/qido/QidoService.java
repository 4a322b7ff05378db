package io.radflow.labeling.qido;

import com.fasterxml.jackson.core.JsonGenerator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.json.BulkDataURIPolicy;
import io.radflow.dicom.json.JSONReader;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.labeling.archive.IndexUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs QIDO-RS searches against ingest's index views (read-only datasource {@code ingest}) and
 * writes the matches as DICOM JSON. Attributes asked for with {@code includefield} that the index
 * has no column for are copied from the prepared DICOM JSON of the first instance of each match.
 */
@ApplicationScoped
public class QidoService {
    private final AgroalDataSource ds;

    public QidoService(@DataSource("ingest") AgroalDataSource ds) {
        this.ds = ds;
    }

    /** Runs {@code q}; returns the DICOM JSON array (UTF-8). {@code baseUrl} is the DICOMweb root for RetrieveURL. */
    public byte[] search(QidoQuery q, String baseUrl) {
        return search(q, baseUrl, match -> {});
    }

    /** As {@link #search(QidoQuery, String)}, handing each match to {@code onMatch} as well (e.g. for the audit trail). */
    public byte[] search(QidoQuery q, String baseUrl, Consumer<Attributes> onMatch) {
        Set<Integer> wanted = new LinkedHashSet<>(QueryAttributes.defaults(q.level()));
        if (q.level() != QidoLevel.STUDY) {
            // relational queries (no study in the path) return the study's attributes too
            wanted.addAll(QueryAttributes.defaults(QidoLevel.STUDY));
        }
        if (q.level() == QidoLevel.INSTANCE) {
            wanted.addAll(QueryAttributes.defaults(QidoLevel.SERIES));
        }
        wanted.addAll(q.matches().keySet());
        wanted.addAll(q.includeFields());
        if (q.includeAll()) {
            for (QueryAttribute a : QueryAttributes.ALL.values()) {
                if (a.level().ordinal() <= q.level().ordinal()) {
                    wanted.add(a.tag());
                }
            }
        }
        List<QueryAttribute> columns = new ArrayList<>();
        List<Integer> extras = new ArrayList<>();
        for (int tag : wanted) {
            QueryAttribute a = QueryAttributes.ALL.get(tag);
            if (a != null && a.level().ordinal() <= q.level().ordinal()) {
                columns.add(a);
            } else if (!isComputed(tag) && q.includeFields().contains(tag)) {
                extras.add(tag);
            }
        }
        QidoSql.Statement st = QidoSql.build(q, columns, !extras.isEmpty());
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(st.sql());
                JsonGenerator g = JSONWriter.createGenerator(out)) {
            bind(c, ps, st.params());
            JSONWriter w = new JSONWriter(g).bulkDataURIPolicy(BulkDataURIPolicy.INLINE);
            g.writeStartArray();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Attributes match = row(q.level(), rs, st, extras, baseUrl);
                    onMatch.accept(match);
                    w.write(match);
                }
            }
            g.writeEndArray();
        } catch (SQLException e) {
            throw new IndexUnavailableException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean isComputed(int tag) {
        for (int t : QueryAttributes.COMPUTED) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] arr) {
                ps.setArray(i + 1, c.createArrayOf("text", arr));
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private static Attributes row(
            QidoLevel level, ResultSet rs, QidoSql.Statement st, List<Integer> extras, String base)
            throws SQLException, IOException {
        Attributes a = new Attributes(st.columns().size() + extras.size() + 3);
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        String study = null;
        String series = null;
        String sop = null;
        for (int i = 0; i < st.columns().size(); i++) {
            QueryAttribute col = st.columns().get(i);
            Object v = rs.getObject(i + 1);
            if (col.tag() == Tag.StudyInstanceUID) {
                study = (String) v;
            } else if (col.tag() == Tag.SeriesInstanceUID) {
                series = (String) v;
            } else if (col.tag() == Tag.SOPInstanceUID) {
                sop = (String) v;
            }
            set(a, col, v);
        }
        a.setString(Tag.InstanceAvailability, VR.CS, "ONLINE");
        String url = base + "/studies/" + study;
        if (level != QidoLevel.STUDY) {
            url += "/series/" + series;
        }
        if (level == QidoLevel.INSTANCE) {
            url += "/instances/" + sop;
        }
        a.setString(Tag.RetrieveURL, VR.UR, url);
        if (st.metadataColumn()) {
            byte[] json = rs.getBytes(st.columns().size() + 1);
            if (json != null) {
                Attributes md;
                try (JSONReader r = new JSONReader(new ByteArrayInputStream(json))) {
                    md = r.readDataset();
                }
                for (int tag : extras) {
                    if (md.contains(tag)) {
                        a.setValue(tag, md.getVR(tag), md.getValue(tag));
                    }
                }
            }
        }
        return a;
    }

    private static void set(Attributes a, QueryAttribute col, Object v) throws SQLException {
        if (v == null) {
            a.setNull(col.tag(), col.vr());
        } else if (v instanceof Array arr) {
            Object[] values = (Object[]) arr.getArray();
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = String.valueOf(values[i]);
            }
            a.setString(col.tag(), col.vr(), s);
        } else if (col.vr() == VR.US) {
            a.setInt(col.tag(), VR.US, ((Number) v).intValue());
        } else {
            a.setString(col.tag(), col.vr(), String.valueOf(v));
        }
    }
}
