package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAbort;
import io.radflow.dicom.net.pdu.PDUDecoder;
import io.radflow.dicom.net.pdu.PDUException;
import io.radflow.dicom.net.pdu.PDUReader;
import io.radflow.dicom.net.pdu.PDUType;
import java.io.IOException;

/**
 * The cursor over presentation data values (PS3.8 section 9.3.5): reads P-DATA-TF PDUs as needed
 * and checks every PDV item (length within its PDU, message control header, accepted presentation
 * context). A-RELEASE PDUs are reported, A-ABORT ends in {@link AAbortException}, any other PDU in
 * a {@link PDUException}.
 */
final class PDataReader {
    static final int PDV = 0;
    static final int RELEASE_RQ = 1;
    static final int RELEASE_RP = 2;

    private final Association as;
    private final PDUReader reader;
    private int pduPos;
    private int pduLen;
    private int pdvPcid;
    private int pdvMch;
    private int pdvOff;
    private int pdvLen;

    PDataReader(Association as, PDUReader reader) {
        this.as = as;
        this.reader = reader;
    }

    /** Advances to the next PDV, reading PDUs as needed; returns PDV, RELEASE_RQ or RELEASE_RP. */
    int next() throws IOException {
        while (pduPos >= pduLen) {
            int type = reader.nextOrEOF();
            switch (type) {
                case PDUType.P_DATA_TF -> {
                    if (!as.acceptsPData()) {
                        throw new PDUException(
                                0, "P-DATA-TF outside an established association", AAbort.UNEXPECTED_PDU);
                    }
                    pduPos = 0;
                    pduLen = reader.length();
                    if (pduLen == 0) {
                        throw new PDUException(2, "P-DATA-TF without PDV item");
                    }
                }
                case PDUType.A_RELEASE_RQ -> {
                    PDUDecoder.check4(reader.length(), "A-RELEASE-RQ");
                    return RELEASE_RQ;
                }
                case PDUType.A_RELEASE_RP -> {
                    PDUDecoder.check4(reader.length(), "A-RELEASE-RP");
                    return RELEASE_RP;
                }
                case PDUType.A_ABORT -> {
                    AAbort a = PDUDecoder.decodeAbort(reader.body(), reader.length());
                    as.abortReceived();
                    throw new AAbortException(a, as + " aborted by peer");
                }
                default -> throw new PDUException(0, "unexpected " + PDUType.nameOf(type), AAbort.UNEXPECTED_PDU);
            }
        }
        byte[] b = reader.body();
        if (pduPos + 6 > pduLen) {
            throw new PDUException(6 + pduPos, "PDV item header truncated");
        }
        long l = (b[pduPos] & 0xffL) << 24
                | (b[pduPos + 1] & 0xff) << 16
                | (b[pduPos + 2] & 0xff) << 8
                | (b[pduPos + 3] & 0xff);
        if (l < 2 || l > pduLen - pduPos - 4) {
            throw new PDUException(
                    6 + pduPos, "PDV item length " + l + " does not fit the P-DATA-TF PDU of length " + pduLen);
        }
        pdvPcid = b[pduPos + 4] & 0xff;
        pdvMch = b[pduPos + 5] & 0xff;
        if ((pdvMch & ~3) != 0) {
            throw new PDUException(6 + pduPos + 5, "message control header " + pdvMch);
        }
        if (as.acceptedPC(pdvPcid) == null) {
            throw new PDUException(6 + pduPos + 4, "PDV of presentation context " + pdvPcid + " which is not accepted");
        }
        pdvOff = pduPos + 6;
        pdvLen = (int) l - 2;
        pduPos += 4 + (int) l;
        return PDV;
    }

    boolean isCommand() {
        return (pdvMch & 1) != 0;
    }

    boolean isLast() {
        return (pdvMch & 2) != 0;
    }

    int pcid() {
        return pdvPcid;
    }

    byte[] buffer() {
        return reader.body();
    }

    int offset() {
        return pdvOff;
    }

    int length() {
        return pdvLen;
    }
}
