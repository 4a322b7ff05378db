package io.radflow.dicom.net.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads whole PDUs from a connection: checks the 6-byte header (known type, length within the
 * limit for that type) and reads the body into one reusable buffer, so memory per association is
 * bounded by the largest PDU it accepts.
 */
public final class PDUReader {
    /** Upper bound of an A-ASSOCIATE-RQ/AC body: 128 contexts, role selections and a JWT fit. */
    public static final int MAX_ASSOCIATE_LENGTH = 256 * 1024;

    private final InputStream in;
    private final byte[] header = new byte[6];
    private byte[] body = new byte[4096];
    private int maxPDataLength;
    private int type;
    private int length;
    private long pduCount;

    /** {@code maxPDataLength}: the maximum P-DATA-TF length this side announced (0 = unlimited). */
    public PDUReader(InputStream in, int maxPDataLength) {
        this.in = in;
        this.maxPDataLength = maxPDataLength;
    }

    public void setMaxPDataLength(int maxPDataLength) {
        this.maxPDataLength = maxPDataLength;
    }

    /**
     * Reads the next PDU. Returns its type, or -1 when the peer closed the connection cleanly between
     * PDUs. A truncated PDU, an unknown type or an oversized length throws {@link PDUException}.
     */
    public int next() throws IOException {
        int n = in.readNBytes(header, 0, 6);
        if (n == 0) {
            return -1;
        }
        if (n < 6) {
            throw new PDUException(n, "connection closed inside a PDU header", AAbort.REASON_NOT_SPECIFIED);
        }
        type = header[0] & 0xff;
        long len = ((header[2] & 0xffL) << 24)
                | ((header[3] & 0xff) << 16)
                | ((header[4] & 0xff) << 8)
                | (header[5] & 0xff);
        long limit =
                switch (type) {
                    case PDUType.A_ASSOCIATE_RQ, PDUType.A_ASSOCIATE_AC -> MAX_ASSOCIATE_LENGTH;
                    case PDUType.A_ASSOCIATE_RJ, PDUType.A_RELEASE_RQ, PDUType.A_RELEASE_RP, PDUType.A_ABORT -> 4;
                    case PDUType.P_DATA_TF -> maxPDataLength > 0 ? maxPDataLength : 0xFFFFFFFFL;
                    default -> throw new PDUException(0, PDUType.nameOf(type), AAbort.UNRECOGNIZED_PDU);
                };
        if (len > limit || (type != PDUType.P_DATA_TF && limit == 4 && len != 4)) {
            throw new PDUException(
                    2,
                    PDUType.nameOf(type) + " length " + len + " exceeds the limit " + limit,
                    AAbort.INVALID_PDU_PARAMETER_VALUE);
        }
        if (len > Integer.MAX_VALUE - 16) {
            throw new PDUException(2, "PDU length " + len + " too large", AAbort.INVALID_PDU_PARAMETER_VALUE);
        }
        length = (int) len;
        if (body.length < length) {
            body = new byte
                    [Math.max(length, Math.min(2 * body.length, limit > Integer.MAX_VALUE ? length : (int) limit))];
        }
        int r = in.readNBytes(body, 0, length);
        if (r < length) {
            throw new PDUException(
                    6 + r,
                    "connection closed after " + r + " of " + length + " bytes of " + PDUType.nameOf(type),
                    AAbort.REASON_NOT_SPECIFIED);
        }
        pduCount++;
        return type;
    }

    public int type() {
        return type;
    }

    /** The body of the last PDU read (valid until the next call of {@link #next()}). */
    public byte[] body() {
        return body;
    }

    public int length() {
        return length;
    }

    public long pduCount() {
        return pduCount;
    }

    /** Reads the next PDU and fails with {@link EOFException} when the connection is closed. */
    public int nextOrEOF() throws IOException {
        int t = next();
        if (t < 0) {
            throw new EOFException("connection closed by peer");
        }
        return t;
    }
}
