package io.radflow.dicom.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.FuzzHarness;
import io.radflow.dicom.testing.Mutator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link MultipartReader}: 20,000 mutated STOW-RS and WADO-RS bodies.
 * Only {@link MultipartException} may come out; no input may take a second or allocate more than
 * a few MiB.
 */
class MultipartReaderFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int INPUTS = 20_000;
    private static final String BOUNDARY = "fuzz-b0undary";
    private static final String CT = "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;

    @Test
    void mutatedBodiesEndInMultipartExceptionOnly() throws IOException {
        List<byte[]> seeds = seeds();
        Mutator mutator = new Mutator(
                SEED,
                List.of(
                        "\r\n",
                        "\r",
                        "\n",
                        "--",
                        "--" + BOUNDARY,
                        "\r\n--" + BOUNDARY,
                        "\r\n--" + BOUNDARY + "--",
                        "Content-Type: ",
                        "Content-Length: ",
                        "Content-Length: 99999999999999",
                        "Content-Type: multipart/related; boundary=\"",
                        ": ",
                        " \t",
                        "\"",
                        ";"));
        Random rnd = mutator.random();
        FuzzHarness harness = new FuzzHarness(4L << 20, MultipartException.class);
        byte[] sink = new byte[4096];
        MultipartLimits limits = MultipartLimits.DEFAULT.withBufferSize(1024);
        for (byte[] seed : seeds) { // warm up: class loading and JIT are not the parser's cost
            parse(seed, limits, sink);
        }
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutator.mutate(seeds.get(rnd.nextInt(seeds.size())));
            harness.run(i, input, in -> parse(in, limits, sink));
        }
        System.out.println("MultipartReaderFuzzTest: " + harness.summary());
        assertThat(harness.runs()).isEqualTo(INPUTS);
        assertThat(harness.failures()).isEmpty();
    }

    private static void parse(byte[] in, MultipartLimits limits, byte[] sink) throws IOException {
        MultipartReader r = MultipartReader.of(new ByteArrayInputStream(in), CT, limits.withMaxPreambleBytes(1 << 16));
        for (MultipartPart p; (p = r.nextPart()) != null; ) {
            p.headers().toString();
            if (p.index() % 2 == 0) {
                while (p.body().read(sink) >= 0) {
                    p.body().available();
                }
            }
        }
    }

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        Random rnd = new Random(SEED);
        for (int s = 0; s < 8; s++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (s % 3 == 0) {
                out.writeBytes("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            MultipartWriter w = new MultipartWriter(out, BOUNDARY);
            for (int p = 0; p <= s % 4; p++) {
                byte[] body = new byte[rnd.nextInt(s < 4 ? 64 : 3000)];
                rnd.nextBytes(body);
                PartHeaders h = PartHeaders.contentType(
                                p % 2 == 0
                                        ? "application/dicom"
                                        : "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1")
                        .add("Content-Location", "/studies/1.2.3/series/4/instances/" + p)
                        .add("Content-ID", "<" + p + "@radflow>");
                if (s % 2 == 1) {
                    h.add("Content-Length", Integer.toString(body.length));
                }
                w.writePart(h, body, 0, body.length);
            }
            w.finish();
            if (s % 4 == 1) {
                out.writeBytes("epilogue\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            seeds.add(out.toByteArray());
        }
        return seeds;
    }
}
