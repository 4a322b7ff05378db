package io.radflow.ingest.dimse;

import io.radflow.dicom.net.DicomServiceException;
import io.radflow.dicom.net.StoreHandler;
import io.radflow.dicom.net.StoreRequest;
import io.radflow.ingest.audit.InstanceAudit;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.ingest.receive.Source;
import io.radflow.service.security.JwtUserIdentityValidator.DimseIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * C-STORE SCP handler: hands each data set to {@link InstanceIngest}, audits the result (who: the
 * association's JWT user or calling AE title) and answers its status (with the reason as Error
 * Comment on failures).
 */
final class DimseStoreHandler implements StoreHandler {
    private final InstanceIngest ingest;
    private final InstanceAudit audit;
    private final AssociationPolicy policy;
    private final java.util.Set<Object> audited = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DimseStoreHandler(InstanceIngest ingest, InstanceAudit audit, AssociationPolicy policy) {
        this.ingest = ingest;
        this.audit = audit;
        this.policy = policy;
    }

    @Override
    public int store(StoreRequest rq, InputStream dataset) throws IOException {
        String cid = rq.callingAET() + "-" + Integer.toHexString(System.identityHashCode(rq.association())) + "-"
                + rq.messageID();
        Source src = new Source(Source.DIMSE, rq.callingAET(), cid);
        IngestResult r =
                ingest.ingestDataset(src, rq.sopClassUID(), rq.sopInstanceUID(), rq.transferSyntaxUID(), dataset);
        if (audited.add(rq.association())) { // this association's records are written when it closes
            rq.association().onClose(() -> {
                audited.remove(rq.association());
                audit.associationClosed(rq.association());
            });
        }
        audit.cstore(rq.association(), requestor(rq), r);
        if (!r.success()) {
            throw new DicomServiceException(r.status(), r.reason() == null ? "" : r.reason());
        }
        return r.status();
    }

    private InstanceAudit.Requestor requestor(StoreRequest rq) {
        String address = rq.association().getRemoteAddress();
        String called = rq.association().getAAssociateRQ().getCalledAET();
        DimseIdentity id = policy.identity(rq.association().getAAssociateRQ());
        if (id == null) {
            return new InstanceAudit.Requestor(rq.callingAET(), null, List.of(), address, rq.callingAET(), called);
        }
        return new InstanceAudit.Requestor(
                id.user(), id.clientId(), id.roles().stream().sorted().toList(), address, rq.callingAET(), called);
    }
}
