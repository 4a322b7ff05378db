package io.radflow.testsupport;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads a service's {@code audit_event} table (in the data source's current schema): rows as column →
 * value maps ({@code outcome} as an Integer), oldest first.
 */
public final class AuditTable {
    private AuditTable() {}

    /** The rows matching {@code where} (JDBC parameters {@code args}; an Instant is bound as a timestamp). */
    public static List<Map<String, Object>> rows(DataSource ds, String where, Object... args) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement st =
                        c.prepareStatement("SELECT * FROM audit_event WHERE " + where + " ORDER BY event_time")) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                st.setObject(i + 1, a instanceof Instant t ? Timestamp.from(t) : a);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        m.put(rs.getMetaData().getColumnLabel(i), v instanceof Short s ? Integer.valueOf(s) : v);
                    }
                    out.add(m);
                }
            }
            return out;
        }
    }

    /** The rows matching {@code where}, once at least {@code n} exist (awaited up to 30 s). */
    public static List<Map<String, Object>> awaitRows(DataSource ds, int n, String where, Object... args) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rows(ds, where, args), r -> r.size() >= n);
    }

    /** The first row matching {@code where} (awaited up to 30 s). */
    public static Map<String, Object> awaitRow(DataSource ds, String where, Object... args) {
        return awaitRows(ds, 1, where, args).get(0);
    }
}
