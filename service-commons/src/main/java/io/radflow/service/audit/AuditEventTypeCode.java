package io.radflow.service.audit;

/**
 * EventTypeCode of an audit record (PS3.15 A.5.1, DCM codes of CID 401 "Audit Event Type Code"): what
 * kind of {@link AuditEventType#USER_AUTHENTICATION} it was. Records of other event types carry none.
 */
public enum AuditEventTypeCode {
    /** A user or client logged in, or tried to. */
    LOGIN("110122", "Login"),
    /** A user logged out, or tried to. */
    LOGOUT("110123", "Logout");

    private final String code;
    private final String displayName;

    AuditEventTypeCode(String code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The DCM code value, e.g. {@code 110122}. */
    public String code() {
        return code;
    }

    /** The code meaning, e.g. {@code Login}. */
    public String displayName() {
        return displayName;
    }
}
