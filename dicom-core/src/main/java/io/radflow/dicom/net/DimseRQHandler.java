package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.IOException;

/**
 * Serves one DIMSE request received on an association. The handler runs on the association's own
 * (virtual) thread; it reads the data set, if any, from {@code data} and answers with {@link
 * Association#writeDimseRSP}.
 */
@FunctionalInterface
public interface DimseRQHandler {
    /**
     * @param pc the accepted presentation context the request arrived on (abstract syntax and the
     *     transfer syntax of the data set)
     * @param data the data set fragments as a stream, or null when the command has no data set
     */
    void onDimseRQ(Association as, PresentationContext pc, Attributes rq, PDVInputStream data) throws IOException;
}
