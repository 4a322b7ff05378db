package io.radflow.ingest.messaging;

import io.radflow.events.EventPayload;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes outbox rows on the caller's connection, so that they commit (or roll back) with the state
 * change they announce. The row id becomes the event's {@code ce_id}.
 */
public final class Outbox {
    private Outbox() {}

    /** Inserts one event; returns its id. */
    public static UUID insert(Connection c, EventType type, EventPayload payload) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (id, aggregate_id, event_type, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setObject(1, id);
            ps.setString(2, payload.studyInstanceUID());
            ps.setString(3, type.type());
            ps.setString(4, new String(StudyEvents.toJson(payload), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
        return id;
    }
}
