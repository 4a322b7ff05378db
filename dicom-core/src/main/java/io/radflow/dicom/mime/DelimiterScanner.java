package io.radflow.dicom.mime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The read buffer of a {@link MultipartReader} and the search for the delimiter ({@code CRLF
 * "--" boundary}) in it, eight bytes at a time over a fixed buffer, so that bodies stream through
 * without being held.
 *
 * <p>Package-private state, used by the reader: bytes {@code buf[pos, lim)} are read and not yet
 * consumed, {@code base} is the stream offset of {@code buf[0]}.
 */
final class DelimiterScanner {
    private final InputStream in;
    /** CRLF "--" boundary. */
    final byte[] delim;

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
        this.buf = new byte[Math.max(minBufferSize, 4 * delim.length)];
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
     * Search for the delimiter in buf[from, lim): eight bytes at a time for its first byte (CR), each
     * candidate then compared whole. Returns its index, or -1 after setting safeEnd to the first
     * position where a delimiter could still start.
     *
     * <p>Faster than a Boyer-Moore-Horspool skip loop on binary bodies: the skip loop's steps depend
     * on each other (load, table, add) and a short boundary allows only short skips (a 5-character
     * boundary: at most 9 bytes per step), while the eight-byte test has no such chain. A CR occurs in
     * random bytes once in 256, so candidates are rare.
     */
    private int search(int from) {
        byte[] b = buf;
        byte[] d = delim;
        int m = d.length;
        byte first = d[0];
        long pattern = (first & 0xffL) * 0x0101010101010101L;
        int end = lim - m + 1; // a delimiter can start only before end (it must fit before lim)
        int i = from;
        while (i < end) {
            if (i + 8 <= lim) {
                long mask = equalBytes((long) LONGS.get(b, i), pattern);
                while (mask != 0) {
                    int p = i + (Long.numberOfTrailingZeros(mask) >>> 3);
                    if (p >= end) {
                        safeEnd = p;
                        return -1;
                    }
                    if (Arrays.equals(b, p + 1, p + m, d, 1, m)) {
                        return p;
                    }
                    mask &= mask - 1;
                }
                i += 8;
            } else {
                if (b[i] == first && Arrays.equals(b, i + 1, i + m, d, 1, m)) {
                    return i;
                }
                i++;
            }
        }
        // no delimiter starts before end, and no CR lies in [end, i): the first CR from i on may start one
        while (i < lim && b[i] != first) {
            i++;
        }
        safeEnd = i;
        return -1;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * Bit 7 of each byte of the result is set exactly where that byte of {@code x} equals the byte
     * repeated in {@code pattern} (no carries between bytes, so no false matches).
     */
    private static long equalBytes(long x, long pattern) {
        long v = x ^ pattern;
        return ~(((v & LOW7) + LOW7) | v | LOW7);
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
