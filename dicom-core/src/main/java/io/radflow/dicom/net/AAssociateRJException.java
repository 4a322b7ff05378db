package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAssociateRJ;
import java.io.IOException;

/** The association was (or is to be) rejected with this A-ASSOCIATE-RJ. */
public class AAssociateRJException extends IOException {
    private final AAssociateRJ rj;

    public AAssociateRJException(AAssociateRJ rj) {
        super(rj.toString());
        this.rj = rj;
    }

    public AAssociateRJException(int result, int source, int reason) {
        this(new AAssociateRJ(result, source, reason));
    }

    public AAssociateRJ getRJ() {
        return rj;
    }
}
