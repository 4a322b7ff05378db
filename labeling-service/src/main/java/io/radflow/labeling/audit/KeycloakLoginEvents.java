package io.radflow.labeling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditEventTypeCode;
import io.radflow.service.audit.AuditOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns one Keycloak user event (an element of {@code GET /admin/realms/{realm}/events}) into an ATNA
 * "User Authentication" ({@code 110114}) record: EventTypeCode Login ({@code 110122}) or Logout ({@code
 * 110123}); outcome 4 for an {@code *_ERROR} event, else 0; when = the event's time; who = the user name
 * tried (also for unknown users), else the client for a client-authentication error, else Keycloak's
 * user id; client = the OAuth client; from where = the address Keycloak saw. The record's id is derived
 * from the realm and Keycloak's event id, so an event bridged twice is stored once.
 */
final class KeycloakLoginEvents {
    /** Details of Keycloak's event kept in the record's detail (no token or session ids). */
    private static final List<String> DETAILS = List.of("grant_type", "auth_method", "redirect_uri", "reason");

    private static final int MAX_DETAIL = 500;

    private KeycloakLoginEvents() {}

    static AuditEvent.Builder toAudit(JsonNode event) {
        String type = text(event, "type");
        JsonNode details = event.path("details");
        String clientId = text(event, "clientId");
        String userId = text(event, "userId");
        String user = text(details, "username");
        if (user == null && type.startsWith("CLIENT_")) {
            user = clientId;
        }
        if (user == null) {
            user = userId;
        }
        StringBuilder detail = new StringBuilder("Keycloak ").append(type);
        String error = text(event, "error");
        if (error != null) {
            detail.append(' ').append(error);
        }
        detail.append(" (event ").append(eventKey(event));
        if (userId != null && !userId.equals(user)) {
            detail.append(", user id ").append(userId);
        }
        for (String d : DETAILS) {
            String v = text(details, d);
            if (v != null) {
                detail.append(", ").append(d).append(' ').append(v);
            }
        }
        detail.append(')');
        return AuditEvent.of(AuditEventType.USER_AUTHENTICATION)
                .id(recordId(event))
                .typeCode(type.startsWith("LOGOUT") ? AuditEventTypeCode.LOGOUT : AuditEventTypeCode.LOGIN)
                .outcome(type.endsWith("_ERROR") ? AuditOutcome.MINOR_FAILURE : AuditOutcome.SUCCESS)
                .time(Instant.ofEpochMilli(event.path("time").asLong()))
                .user(user)
                .client(clientId)
                .from(text(event, "ipAddress"))
                .detail(detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail.toString());
    }

    /** The audit record id of a Keycloak event: stable, so that bridging it again stores nothing new. */
    static UUID recordId(JsonNode event) {
        return UUID.nameUUIDFromBytes(
                ("keycloak-event:" + text(event, "realmId") + ":" + eventKey(event)).getBytes(StandardCharsets.UTF_8));
    }

    /** Keycloak's event id (Keycloak 24 and later), else the event's time and content. */
    static String eventKey(JsonNode event) {
        String id = text(event, "id");
        if (id != null) {
            return id;
        }
        return event.path("time").asLong() + "/" + text(event, "type") + "/" + text(event, "clientId") + "/"
                + text(event, "userId") + "/" + text(event, "sessionId") + "/" + text(event, "ipAddress") + "/"
                + text(event, "error") + "/" + event.path("details");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
