package io.radflow.labeling.labels;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * The run-length encoding of a binary mask, as stored and as sent by the API (base64 of it): the
 * lengths of alternating runs of 0 and 1 pixels, row by row, starting with a (possibly empty) run of 0,
 * each an unsigned LEB128 varint. A 512 × 512 slice with one region takes a few hundred bytes.
 */
public final class MaskRle {
    private MaskRle() {}

    /** Encodes {@code mask} (0 = outside, anything else = inside). */
    public static byte[] encode(byte[] mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int value = 0;
        int run = 0;
        for (byte b : mask) {
            int v = b != 0 ? 1 : 0;
            if (v == value) {
                run++;
            } else {
                varint(out, run);
                value = v;
                run = 1;
            }
        }
        varint(out, run);
        return out.toByteArray();
    }

    /**
     * Decodes runs into a mask of exactly {@code pixels} values (1 inside, 0 outside).
     *
     * @throws IllegalArgumentException when the runs do not add up to {@code pixels} or are malformed
     */
    public static byte[] decode(byte[] rle, int pixels) {
        byte[] mask = new byte[pixels];
        int pos = 0;
        int i = 0;
        int value = 0;
        while (i < rle.length) {
            long run = 0;
            int shift = 0;
            while (true) {
                if (i >= rle.length) {
                    throw new IllegalArgumentException("mask runs end inside a number");
                }
                int b = rle[i++] & 0xFF;
                run |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    throw new IllegalArgumentException("mask run too long");
                }
            }
            if (pos + run > pixels) {
                throw new IllegalArgumentException("mask has more than " + pixels + " pixels");
            }
            if (value == 1) {
                java.util.Arrays.fill(mask, pos, (int) (pos + run), (byte) 1);
            }
            pos += (int) run;
            value ^= 1;
        }
        if (pos != pixels) {
            throw new IllegalArgumentException("mask has " + pos + " pixels, the frame has " + pixels);
        }
        return mask;
    }

    /** Decodes the base64 text of the API. */
    public static byte[] decodeBase64(String text, int pixels) {
        try {
            return decode(Base64.getDecoder().decode(text), pixels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() != null && e.getMessage().startsWith("mask")
                            ? e.getMessage()
                            : "mask is not base64: " + e.getMessage());
        }
    }

    /** The base64 text of {@link #encode}. */
    public static String encodeBase64(byte[] mask) {
        return Base64.getEncoder().encodeToString(encode(mask));
    }

    /** Pixels set. */
    public static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
