package io.radflow.dicom.web;

/**
 * A series that no pipeline can run on as it is (no instances, no pixel data, inconsistent
 * geometry): never worth a retry, the job fails with {@link #getMessage()} as its reason.
 */
public class InvalidSeriesException extends Exception {
    private final String seriesInstanceUid;

    public InvalidSeriesException(String seriesInstanceUid, String reason) {
        super("series " + seriesInstanceUid + ": " + reason);
        this.seriesInstanceUid = seriesInstanceUid;
    }

    /** The series. */
    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    /** Always false: the same series fails the same way again. */
    public boolean retryable() {
        return false;
    }
}
