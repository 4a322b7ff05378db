package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.IOException;

/** The Verification SOP class SCP: answers every C-ECHO-RQ with success. */
public final class CEchoSCP implements DimseRQHandler {
    @Override
    public void onDimseRQ(Association as, PresentationContext pc, Attributes rq, PDVInputStream data)
            throws IOException {
        as.writeDimseRSP(pc.id(), Commands.mkRSP(rq, Status.Success));
    }
}
