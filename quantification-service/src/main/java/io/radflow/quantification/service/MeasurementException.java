package io.radflow.quantification.service;

/** Why a measurement failed, and whether trying again later may succeed (the archive was unreachable). */
public class MeasurementException extends Exception {
    private final boolean retryable;

    public MeasurementException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A failure no retry cures (no L3, a SEG that does not fit the CT, missing pixel spacing …). */
    public static MeasurementException permanent(String message) {
        return new MeasurementException(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
