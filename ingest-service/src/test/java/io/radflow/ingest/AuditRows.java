package io.radflow.ingest;

import io.radflow.testsupport.AuditTable;
import io.radflow.testsupport.AuditTopic;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads the ingest service's audit trail: rows of {@code ingest.audit_event}, records of {@code radflow.audit}. */
final class AuditRows {
    private AuditRows() {}

    /** The rows matching {@code where}, once at least {@code n} exist (waits up to 30 s). */
    static List<Map<String, Object>> awaitRows(DataSource ds, int n, String where, Object... args) {
        return AuditTable.awaitRows(ds, n, where, args);
    }

    /** The first row matching {@code where} (waits up to 30 s). */
    static Map<String, Object> awaitOne(DataSource ds, String where, Object... args) {
        return AuditTable.awaitRow(ds, where, args);
    }

    /** The first JSON record on {@code radflow.audit} containing {@code text}, read by a real consumer. */
    static String kafkaRecord(String text) {
        return AuditTopic.awaitRecord(text);
    }
}
