package io.radflow.service.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit record, shaped after an IHE ATNA / DICOM PS3.15 A.5 audit message: what happened ({@link
 * #type}, {@link #outcome}), when ({@link #time}), who ({@link #userId}, {@link #clientId}, {@link
 * #roles}), from where ({@link #networkAccessPoint}), reported by which service ({@link #source}), about
 * which patient and study ({@link #patientId}, {@link #studyInstanceUid}), through which request
 * ({@link #httpMethod}, {@link #requestPath}, {@link #httpStatus}; empty for DIMSE) and a free-text
 * {@link #detail} (for a failure: why).
 *
 * @param id unique id of this record (also the Kafka record key's fallback and the table's key)
 * @param time EventDateTime
 * @param type EventID and EventActionCode
 * @param typeCode EventTypeCode (login, logout), or {@code null}
 * @param outcome EventOutcomeIndicator
 * @param source AuditSourceID: the reporting service, e.g. {@code inference-service}
 * @param userId ActiveParticipant UserID of the requester: the token's user name, a DIMSE calling AE title,
 *     or {@code null} when unknown (no or invalid credentials)
 * @param clientId the OAuth client the token was issued to ({@code azp}), or {@code null}
 * @param roles the requester's realm roles
 * @param networkAccessPoint the requester's IP address
 * @param patientId ParticipantObject Patient ID, or {@code null}
 * @param studyInstanceUid ParticipantObject Study Instance UID, or {@code null}
 * @param httpMethod request method, or {@code null} for DIMSE
 * @param requestPath request path, or {@code null}
 * @param httpStatus response status, or 0 when not HTTP
 * @param detail free text, e.g. the failure reason, or {@code null}
 */
public record AuditEvent(
        UUID id,
        Instant time,
        AuditEventType type,
        AuditEventTypeCode typeCode,
        AuditOutcome outcome,
        String source,
        String userId,
        String clientId,
        List<String> roles,
        String networkAccessPoint,
        String patientId,
        String studyInstanceUid,
        String httpMethod,
        String requestPath,
        int httpStatus,
        String detail) {
    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(source, "source");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /**
     * A builder with a fresh id, the current time and the given type; outcome defaults to success. A record
     * that stands for an event of another system (a Keycloak login) sets a stable {@link Builder#id id}, so
     * that writing it twice stores it once.
     */
    public static Builder of(AuditEventType type) {
        return new Builder(type);
    }

    /** Builds {@link AuditEvent}s; the source is filled in by {@link AuditRecorder} when left empty. */
    public static final class Builder {
        private final AuditEventType type;
        private UUID id;
        private AuditEventTypeCode typeCode;
        private AuditOutcome outcome = AuditOutcome.SUCCESS;
        private Instant time = Instant.now();
        private String source;
        private String userId;
        private String clientId;
        private List<String> roles = List.of();
        private String networkAccessPoint;
        private String patientId;
        private String studyInstanceUid;
        private String httpMethod;
        private String requestPath;
        private int httpStatus;
        private String detail;

        private Builder(AuditEventType type) {
            this.type = Objects.requireNonNull(type);
        }

        /** The record's id; by default a random one per {@link #build()}. */
        public Builder id(UUID v) {
            id = v;
            return this;
        }

        /** EventTypeCode, e.g. {@link AuditEventTypeCode#LOGIN} for a user authentication. */
        public Builder typeCode(AuditEventTypeCode v) {
            typeCode = v;
            return this;
        }

        public Builder outcome(AuditOutcome v) {
            outcome = v;
            return this;
        }

        public Builder time(Instant v) {
            time = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder user(String v) {
            userId = v;
            return this;
        }

        public Builder client(String v) {
            clientId = v;
            return this;
        }

        public Builder roles(List<String> v) {
            roles = v;
            return this;
        }

        public Builder from(String v) {
            networkAccessPoint = v;
            return this;
        }

        public Builder patient(String v) {
            patientId = v;
            return this;
        }

        public Builder study(String v) {
            studyInstanceUid = v;
            return this;
        }

        public Builder http(String method, String path, int status) {
            httpMethod = method;
            requestPath = path;
            httpStatus = status;
            return this;
        }

        public Builder detail(String v) {
            detail = v;
            return this;
        }

        String source() {
            return source;
        }

        public AuditEvent build() {
            return new AuditEvent(
                    id == null ? UUID.randomUUID() : id,
                    time,
                    type,
                    typeCode,
                    outcome,
                    source,
                    userId,
                    clientId,
                    roles,
                    networkAccessPoint,
                    patientId,
                    studyInstanceUid,
                    httpMethod,
                    requestPath,
                    httpStatus,
                    detail);
        }
    }
}
