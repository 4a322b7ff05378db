package io.radflow.ingest.audit;

import io.radflow.ingest.receive.IngestResult;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The ingest service's own audit records (IHE ATNA, through service-commons' {@link AuditRecorder}):
 * one "DICOM Instances Transferred" ({@code 110104}) record per stored or rejected instance, from
 * C-STORE and STOW-RS alike, and one record per rejected association or STOW request. Called at the
 * edges (the C-STORE handler's result, the STOW-RS response), never inside the store path; the recorder
 * queues and writes asynchronously.
 */
@ApplicationScoped
public class InstanceAudit {
    private final AuditRecorder recorder;

    InstanceAudit(AuditRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Who sent instances: the token's user and client with its roles (STOW-RS, DIMSE with a JWT identity)
     * or the calling AE title, and the peer's address.
     *
     * @param user token user name or calling AE title
     * @param client OAuth client ({@code azp}), or null
     * @param roles realm roles, empty for an AE without identity
     * @param address the peer's IP address
     * @param callingAeTitle the DIMSE calling AE title, or null for STOW-RS
     * @param calledAeTitle the DIMSE called AE title (which ingest AE received), or null for STOW-RS
     */
    public record Requestor(
            String user,
            String client,
            List<String> roles,
            String address,
            String callingAeTitle,
            String calledAeTitle) {
        public Requestor {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** One instance received by C-STORE. */
    public void cstore(Requestor who, IngestResult r) {
        recorder.record(instance(who, r, "C-STORE"));
    }

    /** One instance (part) of a STOW-RS request answered with {@code httpStatus}. */
    public void stow(Requestor who, IngestResult r, String path, int httpStatus) {
        recorder.record(instance(who, r, "STOW-RS").http("POST", path, httpStatus));
    }

    /** A STOW-RS request refused before any instance was read (media type, malformed body, disk full). */
    public void stowRefused(Requestor who, String study, String path, int httpStatus, String reason) {
        recorder.record(requestor(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED), who)
                .outcome(AuditOutcome.ofHttpStatus(httpStatus))
                .study(study)
                .http("POST", path, httpStatus)
                .detail("STOW-RS request refused: " + reason));
    }

    /**
     * A rejected association: an unknown calling AE title or host ({@code 110114}, the node failed to
     * authenticate), or a local limit ({@code 110104}, serious failure).
     */
    public void associationRejected(
            String callingAeTitle, String calledAeTitle, String address, boolean authentication, String reason) {
        recorder.record(AuditEvent.of(
                        authentication
                                ? AuditEventType.USER_AUTHENTICATION
                                : AuditEventType.DICOM_INSTANCES_TRANSFERRED)
                .outcome(authentication ? AuditOutcome.MINOR_FAILURE : AuditOutcome.SERIOUS_FAILURE)
                .user(callingAeTitle)
                .from(address)
                .detail("association from calling AE " + callingAeTitle + " to " + calledAeTitle + " rejected: "
                        + reason));
    }

    /** A DICOM TLS client failed the handshake (no or an untrusted client certificate): who is unknown. */
    public void tlsHandshakeFailed(String address, String reason) {
        recorder.record(AuditEvent.of(AuditEventType.USER_AUTHENTICATION)
                .outcome(AuditOutcome.MINOR_FAILURE)
                .from(address)
                .detail("DICOM TLS handshake failed: " + reason));
    }

    private static AuditEvent.Builder instance(Requestor who, IngestResult r, String via) {
        StringBuilder detail = new StringBuilder(via)
                .append(' ')
                .append(r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .append(" sop=")
                .append(r.sopInstanceUID())
                .append(" class=")
                .append(r.sopClassUID())
                .append(String.format(" status=%04X", r.status()));
        if (r.seriesInstanceUID() != null) {
            detail.append(" series=").append(r.seriesInstanceUID());
        }
        if (who.callingAeTitle() != null && !who.callingAeTitle().equals(who.user())) {
            detail.append(" callingAE=").append(who.callingAeTitle());
        }
        if (who.calledAeTitle() != null) {
            detail.append(" calledAE=").append(who.calledAeTitle());
        }
        if (r.reason() != null) {
            detail.append(": ").append(r.reason());
        }
        return requestor(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED), who)
                .outcome(outcome(r))
                .patient(r.patientID())
                .study(r.studyInstanceUID())
                .detail(detail.toString());
    }

    private static AuditEvent.Builder requestor(AuditEvent.Builder b, Requestor who) {
        return b.user(who.user()).client(who.client()).roles(who.roles()).from(who.address());
    }

    private static AuditOutcome outcome(IngestResult r) {
        if (r.success()) {
            return AuditOutcome.SUCCESS;
        }
        return switch (r.outcome()) {
            case OUT_OF_RESOURCES, FAILED -> AuditOutcome.SERIOUS_FAILURE;
            default -> AuditOutcome.MINOR_FAILURE;
        };
    }
}
