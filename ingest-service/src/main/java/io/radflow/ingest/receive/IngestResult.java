package io.radflow.ingest.receive;

import io.radflow.dicom.net.Status;

/**
 * What happened to one instance: a DICOM status for the sender (C-STORE status, STOW-RS
 * FailureReason / WarningReason) and the outcome for logs and metrics.
 *
 * @param status 0000 success, Bxxx warning, else failure
 * @param outcome what the pipeline did
 * @param sopClassUID as far as known
 * @param sopInstanceUID as far as known
 * @param studyInstanceUID as far as known
 * @param seriesInstanceUID as far as known
 * @param reason human-readable reason of a failure or warning (ErrorComment), or null
 * @param patientID the instance's Patient ID as far as known (for the audit trail), or null
 */
public record IngestResult(
        int status,
        Outcome outcome,
        String sopClassUID,
        String sopInstanceUID,
        String studyInstanceUID,
        String seriesInstanceUID,
        String reason,
        String patientID) {

    /** A result whose Patient ID is not known. */
    public IngestResult(
            int status,
            Outcome outcome,
            String sopClassUID,
            String sopInstanceUID,
            String studyInstanceUID,
            String seriesInstanceUID,
            String reason) {
        this(status, outcome, sopClassUID, sopInstanceUID, studyInstanceUID, seriesInstanceUID, reason, null);
    }

    /** What the pipeline did with an instance. */
    public enum Outcome {
        STORED,
        DUPLICATE_IDENTICAL,
        CONFLICT_KEPT_FIRST,
        CONFLICT_OVERWRITTEN,
        CONFLICT_REJECTED,
        INVALID,
        OUT_OF_RESOURCES,
        FAILED
    }

    public boolean success() {
        return Status.isSuccessOrWarning(status);
    }

    static IngestResult failure(int status, Outcome outcome, String cuid, String iuid, String reason) {
        return new IngestResult(status, outcome, cuid, iuid, null, null, reason);
    }
}
