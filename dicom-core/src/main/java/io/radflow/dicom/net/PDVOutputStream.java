package io.radflow.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Fragments a command or data set into P-DATA-TF PDUs of one PDV each, at most the peer's maximum
 * PDU length; the last fragment carries the "last" flag. Used under the association's send lock.
 */
final class PDVOutputStream extends OutputStream {
    private static final int HEADER = 12; // PDU header (6) + PDV item length (4) + PCID + flags

    private final Association as;
    private final byte[] buf;
    private final int pcid;
    private final int mch;
    private int pos = HEADER;
    private boolean finished;

    /** {@code buf} holds one whole PDU: header included. */
    PDVOutputStream(Association as, byte[] buf, int pcid, boolean command) {
        this.as = as;
        this.buf = buf;
        this.pcid = pcid;
        this.mch = command ? 1 : 0;
    }

    @Override
    public void write(int b) throws IOException {
        if (pos == buf.length) {
            flushPDU(false);
        }
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == buf.length) {
                flushPDU(false);
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Reads {@code in} to its end straight into the PDU buffer (no intermediate copy); a full PDU is
     * sent only once more data is known to follow, so the last fragment is never empty.
     */
    void transferFrom(InputStream in) throws IOException {
        while (true) {
            if (pos == buf.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                flushPDU(false);
                buf[pos++] = (byte) b;
            }
            int n = in.read(buf, pos, buf.length - pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** Sends the last fragment. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            flushPDU(true);
        }
    }

    private void flushPDU(boolean last) throws IOException {
        int pduLen = pos - 6;
        int pdvLen = pos - 10;
        buf[0] = 0x04;
        buf[1] = 0;
        be32(2, pduLen);
        be32(6, pdvLen);
        buf[10] = (byte) pcid;
        buf[11] = (byte) (mch | (last ? 2 : 0));
        as.writeRaw(buf, 0, pos);
        pos = HEADER;
    }

    private void be32(int p, int v) {
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
    }
}
