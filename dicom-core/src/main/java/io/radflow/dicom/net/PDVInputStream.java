package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAbort;
import io.radflow.dicom.net.pdu.PDUException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The data set of one DIMSE message as a stream of its PDV fragments, read from the connection as
 * the consumer reads: memory stays at one PDU whatever the data set size. Fragments must carry the
 * message's presentation context and the data set flag; anything else aborts the association.
 */
public final class PDVInputStream extends InputStream {
    private final Association as;
    private final PDataReader pdata;
    private final int pcid;
    private byte[] buf;
    private int pos;
    private int rem;
    private boolean last;
    private IOException failure;

    PDVInputStream(Association as, PDataReader pdata, int pcid) {
        this.as = as;
        this.pdata = pdata;
        this.pcid = pcid;
    }

    /** The transfer syntax of the data set. */
    public String transferSyntax() {
        return as.transferSyntaxOf(pcid);
    }

    /** The network failure met while reading, or null. After one, no response can be sent. */
    public IOException failure() {
        return failure;
    }

    private boolean fetch() throws IOException {
        while (rem == 0) {
            if (last) {
                return false;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                int r = pdata.next();
                if (r != PDataReader.PDV) {
                    throw new PDUException(0, "A-RELEASE inside a data set", AAbort.UNEXPECTED_PDU);
                }
                if (pdata.isCommand()) {
                    throw new PDUException(0, "command fragment inside a data set", AAbort.UNEXPECTED_PDU_PARAMETER);
                }
                if (pdata.pcid() != pcid) {
                    throw new PDUException(
                            0, "data set fragment of presentation context " + pdata.pcid() + " inside one of " + pcid);
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            buf = pdata.buffer();
            pos = pdata.offset();
            rem = pdata.length();
            last = pdata.isLast();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!fetch()) {
            return -1;
        }
        rem--;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fetch()) {
            return -1;
        }
        int n = Math.min(len, rem);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        rem -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && fetch()) {
            int k = (int) Math.min(n - skipped, rem);
            pos += k;
            rem -= k;
            skipped += k;
        }
        return skipped;
    }

    @Override
    public int available() {
        return rem;
    }

    /** Writes the rest of the data set to {@code out} straight from the PDU buffer, one write per fragment. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        long n = 0;
        while (fetch()) {
            out.write(buf, pos, rem);
            n += rem;
            pos += rem;
            rem = 0;
        }
        return n;
    }

    /** Reads and discards the rest of the data set. */
    public void drain() throws IOException {
        while (fetch()) {
            pos += rem;
            rem = 0;
        }
    }

    /** Does not close the association; the rest of the data set is drained by the association. */
    @Override
    public void close() {}
}
