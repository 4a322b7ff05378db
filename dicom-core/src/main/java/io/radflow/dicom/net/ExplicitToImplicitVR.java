package io.radflow.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Streams a data set from Explicit VR Little Endian to Implicit VR Little Endian without a
 * dictionary: headers lose their VR, and sequences and items of defined length are rewritten with
 * undefined length plus delimiters (their lengths change with the shorter headers). Used by the
 * storage SCU when a peer did not accept the stored Explicit VR syntax.
 */
final class ExplicitToImplicitVR {
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private record Level(long end, boolean item) {}

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private final Deque<Level> levels = new ArrayDeque<>();
    private long pos;

    private ExplicitToImplicitVR(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    static void transcode(InputStream in, OutputStream out) throws IOException {
        new ExplicitToImplicitVR(in, out).run();
    }

    private void run() throws IOException {
        while (true) {
            closeDefinedLevels();
            int n = in.readNBytes(buf, 0, 4);
            if (n == 0) {
                break;
            }
            if (n < 4) {
                throw new EOFException("data set truncated at offset " + pos);
            }
            pos += 4;
            int group = u16(0);
            int elem = u16(2);
            if (group == 0xFFFE) {
                long len = u32(read(4));
                switch (elem) {
                    case 0xE000 -> {
                        levels.push(new Level(len == UNDEFINED ? -1 : pos + len, true));
                        header(group, elem, UNDEFINED);
                    }
                    case 0xE00D, 0xE0DD -> {
                        Level l = levels.poll();
                        if (l == null || l.end != -1 || l.item != (elem == 0xE00D)) {
                            throw new IOException("unexpected delimitation item at offset " + (pos - 8));
                        }
                        header(group, elem, 0);
                    }
                    default -> throw new IOException("unknown item tag at offset " + (pos - 8));
                }
                continue;
            }
            read(2);
            String vr = new String(buf, 0, 2, java.nio.charset.StandardCharsets.US_ASCII);
            long len;
            if (longHeader(vr)) {
                read(2);
                len = u32(read(4));
            } else {
                len = u16(read(2));
            }
            if (vr.equals("SQ")) {
                levels.push(new Level(len == UNDEFINED ? -1 : pos + len, false));
                header(group, elem, UNDEFINED);
            } else if (len == UNDEFINED) {
                throw new IOException("undefined length " + vr + " element (" + hex(group) + "," + hex(elem)
                        + ") at offset " + (pos - 12) + " cannot be converted to Implicit VR");
            } else {
                header(group, elem, len);
                copy(len);
            }
        }
        closeDefinedLevels();
        if (!levels.isEmpty()) {
            throw new EOFException("data set ends inside a sequence");
        }
    }

    private void closeDefinedLevels() throws IOException {
        while (!levels.isEmpty() && levels.peek().end != -1 && pos >= levels.peek().end) {
            Level l = levels.pop();
            if (pos > l.end) {
                throw new IOException(
                        "element crosses the end of its " + (l.item ? "item" : "sequence") + " at offset " + l.end);
            }
            header(0xFFFE, l.item ? 0xE00D : 0xE0DD, 0);
        }
    }

    private static boolean longHeader(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private void header(int group, int elem, long len) throws IOException {
        byte[] h = {
            (byte) group, (byte) (group >> 8), (byte) elem, (byte) (elem >> 8),
            (byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)
        };
        out.write(h);
    }

    private int read(int n) throws IOException {
        if (in.readNBytes(buf, 0, n) < n) {
            throw new EOFException("data set truncated at offset " + pos);
        }
        pos += n;
        return 0;
    }

    private void copy(long len) throws IOException {
        while (len > 0) {
            int n = (int) Math.min(len, buf.length);
            read(n);
            out.write(buf, 0, n);
            len -= n;
        }
    }

    private int u16(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
    }

    private long u32(int p) {
        return (buf[p] & 0xffL) | (buf[p + 1] & 0xffL) << 8 | (buf[p + 2] & 0xffL) << 16 | (buf[p + 3] & 0xffL) << 24;
    }

    private static String hex(int v) {
        return String.format("%04X", v);
    }
}
