package io.radflow.dicom.net;

import java.io.IOException;

/** A DIMSE service failure: the status (and error comment) the SCP answers with. */
public class DicomServiceException extends IOException {
    private final int status;

    public DicomServiceException(int status, String errorComment) {
        super(errorComment);
        this.status = status;
    }

    public DicomServiceException(int status, String errorComment, Throwable cause) {
        super(errorComment, cause);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }

    /** The error comment as sent in (0000,0902): at most 64 characters. */
    public String errorComment() {
        String m = getMessage();
        if (m == null) {
            return null;
        }
        m = m.replaceAll("[\\p{Cntrl}\\\\]", " ");
        return m.length() > 64 ? m.substring(0, 64) : m;
    }
}
