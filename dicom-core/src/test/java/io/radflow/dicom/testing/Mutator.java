package io.radflow.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutation fuzzer's mutator: bit flips, byte changes, truncation, insertion and deletion
 * of ranges, duplication of ranges, "interesting" numbers and tokens of the format under test
 * spliced in. Same seed, same inputs.
 */
public final class Mutator {
    private final Random rnd;
    private final List<byte[]> tokens;

    /** A mutator seeded with {@code seed} that also splices in {@code tokens}. */
    public Mutator(long seed, List<String> tokens) {
        this.rnd = new Random(seed);
        this.tokens =
                tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The random source, for callers that pick seeds with it. */
    public Random random() {
        return rnd;
    }

    /** One to four mutations of {@code input}. */
    public byte[] mutate(byte[] input) {
        byte[] b = input;
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutateOnce(b);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b) {
        if (b.length == 0) {
            return token();
        }
        int at = rnd.nextInt(b.length);
        switch (rnd.nextInt(9)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << rnd.nextInt(8));
                return c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = (byte)
                        new int[] {0, 0xff, 0x7f, 0x80, '"', '\r', '\n', '-', ':', '{', '[', '9'}[rnd.nextInt(12)];
                return c;
            }
            case 2 -> {
                return Arrays.copyOf(b, at);
            }
            case 3 -> {
                int len = 1 + rnd.nextInt(Math.min(64, b.length - at));
                return splice(b, at, at + len, new byte[0]);
            }
            case 4 -> {
                return splice(b, at, at, token());
            }
            case 5 -> {
                int len = 1 + rnd.nextInt(Math.min(256, b.length - at));
                return splice(b, at, at, Arrays.copyOfRange(b, at, at + len));
            }
            case 6 -> {
                int len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                return splice(b, at, at + len, token());
            }
            case 7 -> {
                byte[] num = Long.toString(interestingNumber()).getBytes(StandardCharsets.US_ASCII);
                return splice(b, at, at, num);
            }
            default -> {
                byte[] c = b.clone();
                int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
                for (int i = 0; i < len; i++) {
                    c[at + i] = (byte) rnd.nextInt(256);
                }
                return c;
            }
        }
    }

    private long interestingNumber() {
        long[] v = {
            -1, 0, 1, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, 0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE
        };
        return v[rnd.nextInt(v.length)];
    }

    private byte[] token() {
        if (tokens.isEmpty() || rnd.nextInt(8) == 0) {
            byte[] r = new byte[1 + rnd.nextInt(8)];
            rnd.nextBytes(r);
            return r;
        }
        byte[] t = tokens.get(rnd.nextInt(tokens.size()));
        if (rnd.nextInt(16) == 0) { // long runs of one token
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = 1 + rnd.nextInt(2000);
            for (int i = 0; i < n; i++) {
                out.writeBytes(t);
            }
            return out.toByteArray();
        }
        return t;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] c = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(insert, 0, c, from, insert.length);
        System.arraycopy(b, to, c, from + insert.length, b.length - to);
        return c;
    }
}
