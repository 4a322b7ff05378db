package io.radflow.ingest.dimse;

import io.radflow.dicom.net.DicomServiceException;
import io.radflow.dicom.net.StoreHandler;
import io.radflow.dicom.net.StoreRequest;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.ingest.receive.Source;
import java.io.IOException;
import java.io.InputStream;

/**
 * C-STORE SCP handler: hands each data set to {@link InstanceIngest} and answers its status (with
 * the reason as Error Comment on failures).
 */
final class DimseStoreHandler implements StoreHandler {
    private final InstanceIngest ingest;

    DimseStoreHandler(InstanceIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public int store(StoreRequest rq, InputStream dataset) throws IOException {
        String cid = rq.callingAET() + "-" + Integer.toHexString(System.identityHashCode(rq.association())) + "-"
                + rq.messageID();
        Source src = new Source(Source.DIMSE, rq.callingAET(), cid);
        IngestResult r =
                ingest.ingestDataset(src, rq.sopClassUID(), rq.sopInstanceUID(), rq.transferSyntaxUID(), dataset);
        if (!r.success()) {
            throw new DicomServiceException(r.status(), r.reason() == null ? "" : r.reason());
        }
        return r.status();
    }
}
