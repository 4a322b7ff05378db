package io.radflow.service.audit;

/** EventOutcomeIndicator of an audit record (PS3.15 A.5.3.1 / RFC 3881). */
public enum AuditOutcome {
    SUCCESS(0),
    /** The action failed for a reason attributable to the requester (bad token, no right, bad input). */
    MINOR_FAILURE(4),
    /** The action failed for a reason attributable to the server. */
    SERIOUS_FAILURE(8),
    MAJOR_FAILURE(12);

    private final int indicator;

    AuditOutcome(int indicator) {
        this.indicator = indicator;
    }

    /** 0, 4, 8 or 12. */
    public int indicator() {
        return indicator;
    }

    /** The outcome of an HTTP exchange with this status. */
    public static AuditOutcome ofHttpStatus(int status) {
        if (status < 400) {
            return SUCCESS;
        }
        return status < 500 ? MINOR_FAILURE : SERIOUS_FAILURE;
    }
}
