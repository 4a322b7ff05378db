package io.radflow.dicom.image.codec;

import java.util.Arrays;
import java.util.Random;

/** A small seeded mutator: bit flips, byte changes, truncation, insertion, length corruption. */
final class Mutator {
    private Mutator() {}

    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int ops = 1 + rnd.nextInt(4);
        for (int k = 0; k < ops && b.length > 0; k++) {
            switch (rnd.nextInt(7)) {
                case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
                case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
                case 3 -> {
                    int at = rnd.nextInt(b.length);
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    byte[] n = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(ins, 0, n, at, ins.length);
                    System.arraycopy(b, at, n, at + ins.length, b.length - at);
                    b = n;
                }
                case 4 -> corruptLength(b, rnd);
                case 5 -> {
                    // extreme values in a 4-byte field (offsets, sizes)
                    int at = rnd.nextInt(Math.max(1, b.length - 4));
                    int v = rnd.nextBoolean() ? 0xFFFFFFFF : rnd.nextBoolean() ? 0 : 0x7FFFFFFF;
                    for (int i = 0; i < 4 && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (8 * i));
                    }
                }
                default -> {
                    int from = rnd.nextInt(b.length);
                    int to = rnd.nextInt(b.length);
                    int len = Math.min(rnd.nextInt(32), Math.min(b.length - from, b.length - to));
                    System.arraycopy(b, from, b, to, len);
                }
            }
        }
        return b;
    }

    /** Changes the 16-bit length after a JPEG/J2K marker, or an RLE header field. */
    private static void corruptLength(byte[] b, Random rnd) {
        if (b.length > 64 && b[0] != (byte) 0xFF) {
            int field = rnd.nextInt(16) * 4;
            b[field + rnd.nextInt(4)] = (byte) rnd.nextInt();
            return;
        }
        for (int tries = 0; tries < 16; tries++) {
            int at = rnd.nextInt(Math.max(1, b.length - 3));
            if (b[at] == (byte) 0xFF && b[at + 1] != 0 && b[at + 1] != (byte) 0xFF) {
                b[at + 2] = (byte) rnd.nextInt();
                b[at + 3] = (byte) rnd.nextInt();
                return;
            }
        }
    }
}
