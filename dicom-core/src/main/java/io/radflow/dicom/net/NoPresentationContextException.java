package io.radflow.dicom.net;

import java.io.IOException;

/** No accepted presentation context fits a SOP class (and transfer syntax). */
public class NoPresentationContextException extends IOException {
    public NoPresentationContextException(String cuid, String tsuid) {
        super("no accepted presentation context for SOP class " + cuid
                + (tsuid == null ? "" : " with transfer syntax " + tsuid));
    }
}
