package io.radflow.labeling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.audit.AuditRecorder.NotRecordedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One reader of a Keycloak realm's user events ({@code GET <server>/admin/realms/<realm>/events}, oldest
 * first, page by page) that writes each new event as an audit record ({@link KeycloakLoginEvents}).
 *
 * <p>Neither loses nor repeats events across restarts: the time of the newest bridged event (the
 * watermark, table {@code keycloak_event_watermark}) is stored in the same transaction as the audit rows,
 * after Kafka acknowledged the records ({@link AuditRecorder#writeNow}). Each poll reads from the watermark
 * minus {@code overlap}, so events Keycloak commits late are still found; events already in {@code
 * audit_event} (by their derived id) are skipped. Without a watermark (first start) every event Keycloak
 * still keeps is bridged.
 */
final class KeycloakEventPoller {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String eventsUrl;
    private final List<String> types;
    private final int pageSize;
    private final Duration overlap;
    private final Supplier<String> authorization;
    private final Runnable invalidateToken;
    private final DataSource dataSource;
    private final AuditRecorder recorder;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    /**
     * @param authorization the {@code Authorization} header value (a bearer token of an account holding
     *     realm-management {@code view-events})
     * @param invalidateToken called when Keycloak answered 401, so the next call fetches a new token
     */
    KeycloakEventPoller(
            String eventsUrl,
            List<String> types,
            int pageSize,
            Duration overlap,
            Supplier<String> authorization,
            Runnable invalidateToken,
            DataSource dataSource,
            AuditRecorder recorder,
            ObjectMapper mapper) {
        this.eventsUrl = eventsUrl;
        this.types = List.copyOf(types);
        this.pageSize = pageSize;
        this.overlap = overlap;
        this.authorization = authorization;
        this.invalidateToken = invalidateToken;
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.mapper = mapper;
    }

    /** Reads what is new and records it; returns the number of audit records written. */
    synchronized int poll() throws IOException, InterruptedException, SQLException, NotRecordedException {
        Instant watermark = watermark();
        Long from = watermark == null ? null : watermark.minus(overlap).toEpochMilli();
        int written = 0;
        for (int first = 0; ; first += pageSize) {
            JsonNode page = fetch(from, first);
            List<AuditEvent> events = new ArrayList<>(page.size());
            for (JsonNode e : page) {
                events.add(
                        KeycloakLoginEvents.toAudit(e).source(recorder.source()).build());
            }
            written += write(events);
            if (page.size() < pageSize) {
                return written;
            }
        }
    }

    /** The time of the newest event bridged so far, or null. */
    Instant watermark() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT last_event_time FROM keycloak_event_watermark WHERE events_url = ?")) {
            st.setString(1, eventsUrl);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private JsonNode fetch(Long from, int first) throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(eventsUrl)
                .append("?direction=asc&first=")
                .append(first)
                .append("&max=")
                .append(pageSize);
        for (String t : types) {
            url.append("&type=").append(URLEncoder.encode(t, StandardCharsets.UTF_8));
        }
        if (from != null) {
            url.append("&dateFrom=").append(Math.max(0, from));
        }
        HttpRequest rq = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(TIMEOUT)
                .header("Authorization", authorization.get())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> rsp = http.send(rq, HttpResponse.BodyHandlers.ofString());
        switch (rsp.statusCode()) {
            case 200 -> {
                JsonNode page = mapper.readTree(rsp.body());
                if (!page.isArray()) {
                    throw new IOException("Keycloak events: not a JSON array from " + eventsUrl);
                }
                return page;
            }
            case 401 -> {
                invalidateToken.run();
                throw new IOException("Keycloak events: 401 for the service token at " + eventsUrl);
            }
            case 403 ->
                throw new IOException("Keycloak events: 403 at " + eventsUrl + ": the service account of"
                        + " radflow-services needs the realm-management role view-events (deploy/keycloak/"
                        + "radflow-realm.json; a realm imported before it was added: up.sh --reset, or grant it)");
            default -> throw new IOException("Keycloak events: HTTP " + rsp.statusCode() + " at " + eventsUrl);
        }
    }

    /** Writes the events not yet in {@code audit_event} and moves the watermark, in one transaction. */
    private int write(List<AuditEvent> events) throws SQLException, NotRecordedException {
        if (events.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<UUID> known = existing(c, events);
                List<AuditEvent> fresh =
                        events.stream().filter(e -> !known.contains(e.id())).toList();
                if (!fresh.isEmpty()) {
                    recorder.writeNow(fresh, c);
                }
                Instant newest = events.stream()
                        .map(AuditEvent::time)
                        .max(Instant::compareTo)
                        .orElseThrow();
                advance(c, newest);
                c.commit();
                return fresh.size();
            } catch (SQLException | NotRecordedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Set<UUID> existing(Connection c, List<AuditEvent> events) throws SQLException {
        Array ids = c.createArrayOf("uuid", events.stream().map(AuditEvent::id).toArray());
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM audit_event WHERE id = ANY (?)")) {
            st.setArray(1, ids);
            Set<UUID> out = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        } finally {
            ids.free();
        }
    }

    private void advance(Connection c, Instant newest) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO keycloak_event_watermark"
                        + " (events_url, last_event_time, updated_at) VALUES (?, ?, now())"
                        + " ON CONFLICT (events_url) DO UPDATE SET last_event_time ="
                        + " GREATEST(keycloak_event_watermark.last_event_time, EXCLUDED.last_event_time), updated_at = now()")) {
            st.setString(1, eventsUrl);
            st.setTimestamp(2, Timestamp.from(newest));
            st.executeUpdate();
        }
    }
}
