package io.radflow.ingest;

import static org.awaitility.Awaitility.await;

import io.radflow.testsupport.DevStackResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the ingest service's audit trail: rows of {@code ingest.audit_event}, records of {@code radflow.audit}. */
final class AuditRows {
    private AuditRows() {}

    /** The rows matching {@code where}, once at least {@code n} exist (waits up to 30 s). */
    static List<Map<String, Object>> awaitRows(DataSource ds, int n, String where, Object... args) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rows(ds, where, args), r -> r.size() >= n);
    }

    /** The first row matching {@code where} (waits up to 30 s). */
    static Map<String, Object> awaitOne(DataSource ds, String where, Object... args) {
        return awaitRows(ds, 1, where, args).get(0);
    }

    static List<Map<String, Object>> rows(DataSource ds, String where, Object... args) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT * FROM ingest.audit_event WHERE " + where + " ORDER BY event_time")) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
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

    /** The first JSON record on {@code radflow.audit} containing {@code text}, read by a real consumer. */
    static String kafkaRecord(String text) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackResource.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-audit-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("radflow.audit"));
            String[] found = new String[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (found[0] == null && r.value().contains(text)) {
                        found[0] = r.value();
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }
}
