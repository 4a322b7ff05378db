package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAbort;
import java.io.IOException;

/** The association was aborted: an A-ABORT was received from the peer, or sent to it. */
public class AAbortException extends IOException {
    private final AAbort abort;

    public AAbortException(AAbort abort, String context) {
        super(context + ": " + abort);
        this.abort = abort;
    }

    public AAbort getAbort() {
        return abort;
    }
}
