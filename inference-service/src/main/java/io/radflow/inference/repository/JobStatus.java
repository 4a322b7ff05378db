package io.radflow.inference.repository;

/** Where a job stands. */
public enum JobStatus {
    /** Waiting for a worker (also after a retryable failure, until its not-before time). */
    QUEUED,
    /** A worker runs it. */
    RUNNING,
    /** Results stored, completed event written. */
    SUCCEEDED,
    /** Failed for a stated reason, failed event written. */
    FAILED,
    /** No pipeline applies to the study (the reason says why). */
    SKIPPED
}
