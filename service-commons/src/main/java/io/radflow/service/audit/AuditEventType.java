package io.radflow.service.audit;

/**
 * The audit event identifications Radflow records, with their DICOM codes (DCM, PS3.16 CID 400 "Audit
 * Event ID") and the event action code (PS3.15 A.5.3.1: C create, R read, U update, D delete, E execute).
 */
public enum AuditEventType {
    /** A user or client tried to authenticate (bearer token, DIMSE user identity). */
    USER_AUTHENTICATION("110114", "User Authentication", 'E'),
    /** Instances of a named study or patient were read (WADO-RS, metadata, rendered, results). */
    DICOM_INSTANCES_ACCESSED("110103", "DICOM Instances Accessed", 'R'),
    /** Instances were received (C-STORE, STOW-RS), stored or rejected. */
    DICOM_INSTANCES_TRANSFERRED("110104", "DICOM Instances Transferred", 'C'),
    /** A query or a read that names no study (QIDO-RS, status and listing endpoints). */
    QUERY("110112", "Query", 'E'),
    /** Deletion of studies, instances or labels. */
    DICOM_STUDY_DELETED("110105", "DICOM Study Deleted", 'D'),
    /** Data leaving Radflow: spreadsheets, training sets. */
    EXPORT("110106", "Export", 'R'),
    /** A person changed what Radflow keeps of a patient's study: entered height or weight, a picked slice. */
    PATIENT_RECORD("110110", "Patient Record", 'U'),
    /**
     * A person or a service changed labels of a study's images (a new label set or label-set version, a
     * revert): DICOM Instances Accessed with action Update, the code PS3.15 A.5.3.2 gives to changes of
     * instance-related data.
     */
    LABELS_CHANGED("110103", "DICOM Instances Accessed", 'U'),
    /** Data brought in from outside a person's own work: AI pre-labels imported from a SEG. */
    IMPORT("110107", "Import", 'C');

    private final String code;
    private final String displayName;
    private final char actionCode;

    AuditEventType(String code, String displayName, char actionCode) {
        this.code = code;
        this.displayName = displayName;
        this.actionCode = actionCode;
    }

    /** The DCM code value, e.g. {@code 110114}. */
    public String code() {
        return code;
    }

    /** The code meaning, e.g. {@code User Authentication}. */
    public String displayName() {
        return displayName;
    }

    /** EventActionCode: C, R, U, D or E. */
    public char actionCode() {
        return actionCode;
    }
}
