package io.radflow.labeling.dicomweb;

/** A DICOMweb request that fails with an HTTP status (404, 400, 406, ...) and a reason. */
public class DicomWebException extends RuntimeException {
    private final int status;

    public DicomWebException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static DicomWebException notFound(String what) {
        return new DicomWebException(404, what + " not found");
    }

    public static DicomWebException badRequest(String message) {
        return new DicomWebException(400, message);
    }

    public static DicomWebException notAcceptable(String message) {
        return new DicomWebException(406, message);
    }
}
