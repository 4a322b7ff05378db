package io.radflow.ingest.receive;

/** An instance that fails validation: the DICOM status (failure reason) and why. */
public final class InvalidInstanceException extends Exception {
    private final int status;
    private final String sopClassUID;
    private final String sopInstanceUID;

    public InvalidInstanceException(int status, String sopClassUID, String sopInstanceUID, String reason) {
        super(reason);
        this.status = status;
        this.sopClassUID = sopClassUID;
        this.sopInstanceUID = sopInstanceUID;
    }

    public int status() {
        return status;
    }

    public String sopClassUID() {
        return sopClassUID;
    }

    public String sopInstanceUID() {
        return sopInstanceUID;
    }
}
