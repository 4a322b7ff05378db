package io.radflow.dicom.mime;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static final String CT = "multipart/related; type=\"application/dicom\"; boundary=XyZ";

    @Test
    void readsPartsWithHeadersPreambleAndEpilogue() throws IOException {
        String body = "This is the preamble.\r\nIt is ignored.\r\n"
                + "--XyZ\r\n"
                + "Content-Type: application/dicom\r\n"
                + "content-location: /studies/1.2/series/3/instances/4\r\n"
                + "Content-ID: <part1@radflow>\r\n"
                + "Content-Length: 5\r\n"
                + "\r\n"
                + "ABCDE\r\n"
                + "--XyZ  \t\r\n" // transport padding
                + "Content-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n"
                + "\r\n"
                + "\r\n--X\r\n--Xy\r\n-" // body with near-miss delimiters
                + "\r\n--XyZ--\r\n"
                + "This is the epilogue, ignored. --XyZ garbage\r\n";
        MultipartReader r = MultipartReader.of(in(body), CT);
        MultipartPart p0 = r.nextPart();
        assertThat(p0.index()).isZero();
        assertThat(p0.contentType().mediaType()).isEqualTo(MediaTypes.APPLICATION_DICOM);
        assertThat(p0.contentLocation()).isEqualTo("/studies/1.2/series/3/instances/4");
        assertThat(p0.contentId()).isEqualTo("<part1@radflow>");
        assertThat(p0.contentLength()).isEqualTo(5);
        assertThat(p0.offset()).isEqualTo(body.indexOf("ABCDE"));
        assertThat(str(p0.body())).isEqualTo("ABCDE");
        assertThat(p0.body().read()).isEqualTo(-1);

        MultipartPart p1 = r.nextPart();
        assertThat(p1.index()).isEqualTo(1);
        assertThat(p1.contentType().parameter("transfer-syntax")).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(p1.contentLength()).isEqualTo(-1);
        assertThat(str(p1.body())).isEqualTo("\r\n--X\r\n--Xy\r\n-");
        assertThat(r.nextPart()).isNull();
        assertThat(r.nextPart()).isNull();
        assertThat(p0.body().read()).isEqualTo(-1); // stale stream
    }

    @Test
    void firstBoundaryWithoutPreambleAndEmptyParts() throws IOException {
        // part 0: no headers, no body; part 1: headers, empty body; part 2: no headers, body "x"
        String body = "--XyZ\r\n\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\n--XyZ\r\n\r\nx\r\n--XyZ--";
        MultipartReader r = MultipartReader.of(in(body), CT);
        MultipartPart p0 = r.nextPart();
        assertThat(p0.headers().size()).isZero();
        assertThat(p0.contentType()).isNull();
        assertThat(p0.mediaType("text/plain")).isEqualTo("text/plain");
        assertThat(str(p0.body())).isEmpty();
        MultipartPart p1 = r.nextPart();
        assertThat(p1.contentType().mediaType()).isEqualTo("text/plain");
        assertThat(str(p1.body())).isEmpty();
        assertThat(str(r.nextPart().body())).isEqualTo("x");
        assertThat(r.nextPart()).isNull();
    }

    @Test
    void unreadBodiesAreSkipped() throws IOException {
        String body = "--XyZ\r\n\r\n" + "a".repeat(100_000) + "\r\n--XyZ\r\n\r\nsecond\r\n--XyZ--\r\n";
        MultipartReader r = MultipartReader.of(in(body), CT);
        MultipartPart p0 = r.nextPart();
        assertThat(p0.body().read()).isEqualTo('a');
        assertThat(p0.body().skip(10)).isEqualTo(10);
        MultipartPart p1 = r.nextPart();
        assertThat(str(p1.body())).isEqualTo("second");
        assertThat(p0.body().read()).isEqualTo(-1);
        assertThat(r.nextPart()).isNull();
        assertThat(r.position()).isEqualTo(body.length() - 2);
    }

    @Test
    void foldedHeadersAreUnfolded() throws IOException {
        String body =
                "--XyZ\r\nContent-Type: multipart/related;\r\n\ttype=\"application/dicom\";\r\n  boundary=in\r\n\r\n"
                        + "x\r\n--XyZ--";
        MultipartPart p = MultipartReader.of(in(body), CT).nextPart();
        assertThat(p.contentType().parameter("type")).isEqualTo("application/dicom");
        assertThat(p.contentType().boundary()).isEqualTo("in");
    }

    @Test
    void transferToStreamsWholeBody() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        MultipartWriter w = new MultipartWriter(msg, "b0undary");
        w.writePart(MediaTypes.APPLICATION_DICOM, data);
        w.finish();
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(msg.toByteArray()), "b0undary");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(r.nextPart().body().transferTo(out)).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(r.nextPart()).isNull();
    }

    /**
     * Random parts whose bodies are full of prefixes of the delimiter, delivered in random chunks
     * through the smallest buffer: every delimiter straddling a buffer or read boundary is found.
     */
    @Test
    void randomBodiesSplitAnywhere() throws IOException {
        Random rnd = new Random(20261121);
        for (int round = 0; round < 300; round++) {
            roundTrip(rnd, round, "b" + Integer.toString(rnd.nextInt(1 << 20), 36) + "-=_" + round, null);
        }
    }

    /**
     * The delimiter search tests eight bytes at a time for the CR that starts a delimiter: bodies
     * dense with CR, CRLF, "--" and pieces of a short boundary, at every alignment, with boundaries
     * of one to a few characters.
     */
    @Test
    void bodiesDenseWithCarriageReturnsAndShortBoundaries() throws IOException {
        Random rnd = new Random(20261204);
        byte[] alphabet = "\r\r\n--BENCHxyz\u0000".getBytes(ISO_8859_1);
        for (int round = 0; round < 400; round++) {
            String boundary = "BENCH".substring(0, 1 + round % 5) + (round % 3 == 0 ? "" : "x");
            roundTrip(rnd, round, boundary, alphabet);
        }
    }

    /** One message of random parts (junk of random bytes, or of {@code alphabet} when given) read back. */
    private static void roundTrip(Random rnd, int round, String boundary, byte[] alphabet) throws IOException {
        MultipartLimits small = MultipartLimits.DEFAULT.withBufferSize(256);
        byte[] delim = ("\r\n--" + boundary).getBytes(ISO_8859_1);
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes("preamble\r\n-- \r\n--".getBytes(ISO_8859_1));
        msg.writeBytes("\r\n".getBytes(ISO_8859_1));
        MultipartWriter w = new MultipartWriter(msg, boundary);
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int pieces = rnd.nextInt(20);
            for (int k = 0; k < pieces; k++) {
                if (rnd.nextBoolean()) {
                    b.write(delim, 0, rnd.nextInt(delim.length)); // never the whole delimiter
                } else {
                    byte[] junk = new byte[rnd.nextInt(rnd.nextBoolean() ? 8 : 700)];
                    rnd.nextBytes(junk);
                    if (alphabet != null) {
                        for (int j = 0; j < junk.length; j++) {
                            junk[j] = alphabet[(junk[j] & 0xff) % alphabet.length];
                        }
                    }
                    b.writeBytes(junk);
                }
            }
            byte[] body = b.toByteArray();
            if (containsDelimiter(body, delim)) {
                continue;
            }
            bodies.add(body);
            PartHeaders h = PartHeaders.contentType(MediaTypes.APPLICATION_OCTET_STREAM)
                    .add("Content-Location", "/frames/" + i);
            if (rnd.nextBoolean()) {
                h.add("Content-Length", Integer.toString(body.length));
            }
            w.writePart(h, body, 0, body.length);
        }
        w.finish();
        MultipartReader r = new MultipartReader(new Chunked(msg.toByteArray(), rnd), boundary, small);
        for (int i = 0; i < bodies.size(); i++) {
            MultipartPart p = r.nextPart();
            assertThat(p.headers().get("content-location")).isNotNull();
            assertThat(rnd.nextBoolean() ? p.body().readAllBytes() : readBytewise(p.body()))
                    .as("round %d part %d", round, i)
                    .isEqualTo(bodies.get(i));
        }
        assertThat(r.nextPart()).isNull();
    }

    @Test
    void malformedInputNamesProblemAndOffset() {
        assertError("", "end of input before the first boundary", 0);
        assertError("no boundary here", "end of input before the first boundary", 16);
        assertError("--XyZ", "end of input after boundary", 5);
        assertError("--XyZx\r\n", "expected CRLF after boundary, found byte 0x78", 5);
        assertError("--XyZ\r\nContent-Type: a/b\r\n\r\nbody", "end of input in the body of part 0", 32);
        assertError("--XyZ\r\nContent-Type: a/b", "end of input in the headers of part 0", 24);
        assertError("--XyZ\r\nContent-Type: a/b\n\r\n", "header line ends with LF, not CRLF", 24);
        assertError("--XyZ\r\nContent-Type a/b\r\n\r\n\r\n--XyZ--", "invalid header line", 7);
        assertError("--XyZ\r\n Content-Type: a/b\r\n\r\n\r\n--XyZ--", "continuation line without a header", 7);
        assertError("--XyZ\r\nContent-Type: a\r\n\r\n\r\n--XyZ--", "part 0: invalid Content-Type", 7);
        assertError("--XyZ\r\nX: a\u0000b\r\n\r\n\r\n--XyZ--", "control character 0x00", 11);
        assertError(
                "--XyZ\r\nContent-Length: 4\r\n\r\nabc\r\n--XyZ--", "Content-Length 4 but the body has 3 bytes", 31);
        assertError("--XyZ\r\nContent-Length: -1\r\n\r\nabc\r\n--XyZ--", "invalid Content-Length", 7);
        assertError("--XyZ\r\nContent-Length: 99999999999999999999\r\n\r\n\r\n--XyZ--", "invalid Content-Length", 7);
    }

    @Test
    void limitsAreEnforced() throws IOException {
        String manyHeaders = "--XyZ\r\n" + "X-A: 1\r\n".repeat(65) + "\r\n\r\n--XyZ--";
        assertError(manyHeaders, "more than 64 header fields", 7 + 64 * 8);
        String longLine = "--XyZ\r\nX-A: " + "a".repeat(9000) + "\r\n\r\n\r\n--XyZ--";
        assertError(longLine, "header line longer than 8192 bytes", 7);
        String parts = "--XyZ\r\n\r\n\r\n--XyZ\r\n\r\n\r\n--XyZ\r\n\r\n\r\n--XyZ--";
        MultipartReader r = new MultipartReader(in(parts), "XyZ", MultipartLimits.DEFAULT.withMaxParts(2));
        r.nextPart();
        r.nextPart();
        assertThatThrownBy(r::nextPart)
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("more than 2 parts");
        // the reader stays failed
        assertThatThrownBy(r::nextPart)
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("more than 2 parts");
        MultipartReader pre = new MultipartReader(
                in("x".repeat(5000) + "\r\n--XyZ--"), "XyZ", MultipartLimits.DEFAULT.withMaxPreambleBytes(1000));
        assertThatThrownBy(pre::nextPart)
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("within the first 1000 bytes");
    }

    @Test
    void rejectsBadContentTypes() {
        assertThatThrownBy(() -> MultipartReader.of(in(""), "application/dicom"))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("is not multipart");
        assertThatThrownBy(() -> MultipartReader.of(in(""), "multipart/related; type=\"application/dicom\""))
                .hasMessageContaining("no boundary parameter");
        assertThatThrownBy(() -> MultipartReader.of(in(""), "multipart/related; boundary=\"\""))
                .hasMessageContaining("boundary must have 1 to 256 characters");
        assertThatThrownBy(() -> MultipartReader.of(in(""), null)).hasMessageContaining("invalid Content-Type");
    }

    private static void assertError(String body, String problem, long offset) {
        assertThatThrownBy(() -> {
                    MultipartReader r = MultipartReader.of(in(body), CT);
                    for (MultipartPart p; (p = r.nextPart()) != null; ) {
                        p.body().readAllBytes();
                    }
                })
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((MultipartException) e).offset()).isEqualTo(offset));
    }

    static boolean containsDelimiter(byte[] body, byte[] delim) {
        byte[] withCrlf = new byte[body.length + 2];
        withCrlf[0] = '\r';
        withCrlf[1] = '\n';
        System.arraycopy(body, 0, withCrlf, 2, body.length);
        outer:
        for (int i = 0; i + delim.length <= withCrlf.length; i++) {
            for (int j = 0; j < delim.length; j++) {
                if (withCrlf[i + j] != delim[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] readBytewise(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(ISO_8859_1));
    }

    private static String str(InputStream in) throws IOException {
        return new String(in.readAllBytes(), ISO_8859_1);
    }

    /** Hands out the data in random small chunks, as a network stream does. */
    static final class Chunked extends FilterInputStream {
        private final Random rnd;

        Chunked(byte[] data, Random rnd) {
            super(new ByteArrayInputStream(data));
            this.rnd = rnd;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 300)));
        }
    }
}
