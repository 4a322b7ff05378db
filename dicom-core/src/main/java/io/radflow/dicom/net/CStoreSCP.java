package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.IOException;

/**
 * The storage SCP: hands the data set stream of each C-STORE-RQ to a {@link StoreHandler} and
 * answers with the status its result decides, never before the handler returned.
 */
public final class CStoreSCP implements DimseRQHandler {
    private static final System.Logger LOG = System.getLogger(CStoreSCP.class.getName());

    private final StoreHandler handler;

    public CStoreSCP(StoreHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onDimseRQ(Association as, PresentationContext pc, Attributes rq, PDVInputStream data)
            throws IOException {
        String cuid = rq.getString(Tag.AffectedSOPClassUID);
        String iuid = rq.getString(Tag.AffectedSOPInstanceUID);
        int status;
        String comment = null;
        if (data == null || cuid == null || iuid == null || iuid.isEmpty()) {
            status = Status.CannotUnderstand;
            comment = data == null ? "C-STORE-RQ without data set" : "C-STORE-RQ without SOP UIDs";
        } else if (!cuid.equals(as.abstractSyntaxOf(pc.id()))) {
            status = Status.SOPClassNotSupported;
            comment = "SOP class differs from the presentation context";
        } else {
            StoreRequest req = new StoreRequest(
                    as,
                    rq.getInt(Tag.MessageID, 0),
                    cuid,
                    iuid,
                    pc.transferSyntax(),
                    rq.getInt(Tag.Priority, 0),
                    rq.getString(Tag.MoveOriginatorApplicationEntityTitle),
                    rq.getInt(Tag.MoveOriginatorMessageID, 0));
            try {
                status = handler.store(req, data);
            } catch (DicomServiceException e) {
                status = e.getStatus();
                comment = e.errorComment();
            } catch (IOException | RuntimeException e) {
                if (data.failure() != null) {
                    throw data.failure(); // the association is gone: no response possible
                }
                status = e instanceof IOException ? Status.OutOfResources : Status.CannotUnderstand;
                comment = new DicomServiceException(status, String.valueOf(e.getMessage())).errorComment();
                LOG.log(System.Logger.Level.WARNING, as + ": storing " + iuid + " failed", e);
            }
        }
        if (data != null) {
            data.drain();
        }
        Attributes rsp = Commands.mkRSP(rq, status);
        if (comment != null && status != Status.Success) {
            rsp.setString(Tag.ErrorComment, VR.LO, comment);
        }
        as.writeDimseRSP(pc.id(), rsp);
        LOG.log(
                System.Logger.Level.DEBUG,
                "{0}: C-STORE {1} {2} ({3}) from {4}: status {5}",
                as,
                cuid,
                iuid,
                pc.transferSyntax(),
                as.getCallingAET(),
                Status.toString(status));
    }
}
