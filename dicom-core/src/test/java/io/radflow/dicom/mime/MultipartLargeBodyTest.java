package io.radflow.dicom.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A STOW-RS sized body (300 CT slices of 525 KiB, about 160 MB, plus one 128 MiB part) streamed
 * through the reader in a JVM with a 32 MiB heap: it can only pass if no body is buffered whole.
 */
class MultipartLargeBodyTest {
    static final int SLICES = 300;
    static final int SLICE_BYTES = 512 * 512 * 2 + 13_000; // pixel data plus a header's worth
    static final int BIG_PART_BYTES = 128 << 20;
    static final String BOUNDARY = "radflow-large-body-test";

    @Test
    void streamsWholeStudyUnderSmallHeap() throws Exception {
        ChildJvm.Result r = ChildJvm.run(Check.class, List.of("-Xmx32m", "-XX:+UseSerialGC"));
        assertThat(r.output()).contains("OK parts=301 ");
        assertThat(r.exitCode()).as(r.output()).isZero();
        System.out.println("MultipartLargeBodyTest: " + r.output().strip());
    }

    /** Runs in the child JVM. */
    public static final class Check {
        public static void main(String[] args) throws IOException {
            long t0 = System.nanoTime();
            MultipartReader reader =
                    MultipartReader.of(body(), "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY);
            byte[] buf = new byte[16384];
            long total = 0;
            int parts = 0;
            for (MultipartPart p; (p = reader.nextPart()) != null; parts++) {
                CRC32 crc = new CRC32();
                for (int n; (n = p.body().read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                    total += n;
                }
                long expected = crc(new CtLikeStream(sizeOf(p.index()), p.index()));
                if (crc.getValue() != expected || !p.contentLocation().equals("/slices/" + p.index())) {
                    System.out.println("FAIL part " + p.index() + " differs");
                    System.exit(1);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "OK parts=%d bytes=%d maxHeap=%dMiB %.0f MB/s (parse + CRC of a regenerated copy)%n",
                    parts, total, Runtime.getRuntime().maxMemory() >> 20, total / seconds / 1e6);
        }

        private static long crc(InputStream in) throws IOException {
            CRC32 crc = new CRC32();
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
            return crc.getValue();
        }
    }

    static int sizeOf(int index) {
        return index < SLICES ? SLICE_BYTES : BIG_PART_BYTES;
    }

    /** The multipart body, generated lazily part by part. */
    static InputStream body() {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            int step;

            @Override
            public boolean hasMoreElements() {
                return step <= 2 * (SLICES + 1);
            }

            @Override
            public InputStream nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException();
                }
                int s = step++;
                int part = s / 2;
                if (s == 2 * (SLICES + 1)) {
                    return bytes("\r\n--" + BOUNDARY + "--\r\n");
                }
                if (s % 2 == 0) {
                    return bytes((part == 0 ? "" : "\r\n") + "--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n"
                            + "Content-Location: /slices/" + part + "\r\n\r\n");
                }
                return new CtLikeStream(sizeOf(part), part);
            }
        });
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Deterministic 16-bit little-endian CT-like samples (-1024..2000) with some CR LF and dashes. */
    static final class CtLikeStream extends InputStream {
        private static final byte[] TEMPLATE = template();
        private long remaining;
        private int at;

        CtLikeStream(long length, int seed) {
            this.remaining = length;
            this.at = (seed * 7919) % TEMPLATE.length;
        }

        private static byte[] template() {
            byte[] t = new byte[1 << 16];
            long x = 88172645463325252L;
            for (int i = 0; i < t.length; i += 2) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                int v = (int) Math.floorMod(x, 3024) - 1024;
                t[i] = (byte) v;
                t[i + 1] = (byte) (v >> 8);
            }
            byte[] nearMiss = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 100; i + nearMiss.length < t.length; i += 4099) {
                System.arraycopy(nearMiss, 0, t, i, nearMiss.length);
            }
            return t;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), TEMPLATE.length - at);
            System.arraycopy(TEMPLATE, at, b, off, n);
            at = (at + n) % TEMPLATE.length;
            remaining -= n;
            return n;
        }
    }
}
