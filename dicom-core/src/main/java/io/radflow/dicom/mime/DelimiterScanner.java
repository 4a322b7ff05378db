package io.radflow.dicom.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The read buffer of a {@link MultipartReader} and the search for the delimiter ({@code CRLF
 * "--" boundary}) in it: Boyer-Moore-Horspool over a fixed buffer, so that bodies stream through
 * without being held and most body bytes are never compared.
 *
 * <p>Package-private state, used by the reader: bytes {@code buf[pos, lim)} are read and not yet
 * consumed, {@code base} is the stream offset of {@code buf[0]}.
 */
final class DelimiterScanner {
    private final InputStream in;
    /** CRLF "--" boundary. */
    final byte[] delim;
    /** Horspool bad-character shifts for {@link #delim}. */
    private final int[] shift = new int[256];

    final byte[] buf;
    int pos;
    int lim;
    long base;
    private boolean eof;

    /** Index in buf where the delimiter ending the current body starts, or -1 while unknown. */
    private int delimAt = -1;
    /** Length of the match at delimAt: delim.length, or delim.length - 2 without the CRLF. */
    private int delimLen;
    /** Bytes in [pos, safeEnd) are known not to start a delimiter. */
    private int safeEnd;

    DelimiterScanner(InputStream in, byte[] delim, int minBufferSize) {
        this.in = in;
        this.delim = delim;
        int m = delim.length;
        Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[delim[i] & 0xff] = m - 1 - i;
        }
        this.buf = new byte[Math.max(minBufferSize, 4 * m)];
    }

    /** Stream offset of the next unconsumed byte. */
    long position() {
        return base + pos;
    }

    /** Stream offset just past the bytes read so far. */
    long end() {
        return base + lim;
    }

    /**
     * Starts the search for the delimiter that ends a body beginning at pos. A body that begins
     * with "--boundary" is empty: the CRLF of its delimiter is the one that ended the preceding
     * line (the first boundary of the stream, or the blank line after a part's headers).
     */
    void startBody() throws IOException {
        delimAt = -1;
        safeEnd = pos;
        int m = delim.length;
        if (ensure(m - 2) && Arrays.equals(buf, pos, pos + m - 2, delim, 2, m)) {
            delimAt = pos;
            delimLen = m - 2;
        }
    }

    /**
     * Body bytes available in buf at pos, reading more input if needed; 0 when the delimiter is
     * at pos; -1 if the input ends before a delimiter.
     */
    int available() throws IOException {
        while (true) {
            if (delimAt >= 0) {
                return delimAt - pos;
            }
            if (safeEnd > pos) {
                return safeEnd - pos;
            }
            int found = search(pos);
            if (found >= 0) {
                delimAt = found;
                delimLen = delim.length;
            } else if (safeEnd <= pos && !fill()) {
                return -1;
            }
        }
    }

    /** Body bytes in buf at pos known without reading (for InputStream.available()). */
    int buffered() {
        return Math.max(0, (delimAt >= 0 ? delimAt : safeEnd) - pos);
    }

    /** Consumes the delimiter found by {@link #available()} returning 0. */
    void skipDelimiter() {
        pos = delimAt + delimLen;
        delimAt = -1;
        safeEnd = pos;
    }

    /**
     * Horspool search for the delimiter in buf[from, lim). Returns its index, or -1 after setting
     * safeEnd to the first position where a delimiter could still start.
     */
    private int search(int from) {
        byte[] b = buf;
        byte[] d = delim;
        int last = d.length - 1;
        byte lastByte = d[last];
        int end = lim - last;
        int i = from;
        while (i < end) {
            byte c = b[i + last];
            if (c == lastByte && Arrays.equals(b, i, i + last, d, 0, last)) {
                return i;
            }
            i += shift[c & 0xff];
        }
        safeEnd = Math.min(i, lim);
        return -1;
    }

    /** Ensures n bytes at pos; false if the input ends first. */
    boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more input into buf, compacting first when it is full; false at end of input. */
    boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (lim == buf.length) {
            if (pos == 0) {
                // callers only ask for more while fewer bytes than a header line or delimiter are held
                throw new IllegalStateException("multipart read buffer full");
            }
            int shiftBy = pos;
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= shiftBy;
            base += shiftBy;
            pos = 0;
            safeEnd = Math.max(0, safeEnd - shiftBy);
            if (delimAt >= 0) {
                delimAt -= shiftBy;
            }
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    void close() throws IOException {
        in.close();
    }
}
