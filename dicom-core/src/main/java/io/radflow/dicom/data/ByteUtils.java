package io.radflow.dicom.data;

/** Reading and writing binary numbers in either byte order, and byte swapping. */
public final class ByteUtils {
    private ByteUtils() {}

    public static int u16(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF) : (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    public static int i32(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? ((b[off] & 0xFF) << 24)
                        | ((b[off + 1] & 0xFF) << 16)
                        | ((b[off + 2] & 0xFF) << 8)
                        | (b[off + 3] & 0xFF)
                : (b[off] & 0xFF)
                        | ((b[off + 1] & 0xFF) << 8)
                        | ((b[off + 2] & 0xFF) << 16)
                        | ((b[off + 3] & 0xFF) << 24);
    }

    public static long i64(byte[] b, int off, boolean bigEndian) {
        long lo = i32(b, off + (bigEndian ? 4 : 0), bigEndian) & 0xFFFFFFFFL;
        long hi = i32(b, off + (bigEndian ? 0 : 4), bigEndian) & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    public static void put16(byte[] b, int off, int v, boolean bigEndian) {
        if (bigEndian) {
            b[off] = (byte) (v >> 8);
            b[off + 1] = (byte) v;
        } else {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >> 8);
        }
    }

    public static void put32(byte[] b, int off, int v, boolean bigEndian) {
        if (bigEndian) {
            b[off] = (byte) (v >> 24);
            b[off + 1] = (byte) (v >> 16);
            b[off + 2] = (byte) (v >> 8);
            b[off + 3] = (byte) v;
        } else {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >> 8);
            b[off + 2] = (byte) (v >> 16);
            b[off + 3] = (byte) (v >> 24);
        }
    }

    public static void put64(byte[] b, int off, long v, boolean bigEndian) {
        put32(b, off + (bigEndian ? 4 : 0), (int) v, bigEndian);
        put32(b, off + (bigEndian ? 0 : 4), (int) (v >>> 32), bigEndian);
    }

    /** Reverses each {@code unit}-byte group of {@code b[off, off+len)} in place. */
    public static void swap(byte[] b, int off, int len, int unit) {
        if (unit <= 1) {
            return;
        }
        int end = off + len - len % unit;
        for (int i = off; i < end; i += unit) {
            for (int j = 0; j < unit / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + unit - 1 - j];
                b[i + unit - 1 - j] = t;
            }
        }
    }
}
