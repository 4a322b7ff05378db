package io.radflow.dicom.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the frame decoders: 10,400 mutated RLE, JPEG (baseline, lossless)
 * and JPEG 2000 frames (bit flips, random bytes, truncation, insertion, corrupted length fields).
 * Every input must decode or end in {@link PixelDataException}, each within one second.
 */
class CodecFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final long MAX_NANOS = 1_000_000_000L;

    private record Seed(String ts, ImageDescriptor descriptor, byte[] frame) {}

    private final List<String> failures = new ArrayList<>();
    private long slowest;

    @Test
    void rleFramesFailOnlyWithPixelDataException() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        Random rnd = new Random(SEED);
        seeds.add(rle(ImageDescriptor.monochrome(30, 40, 8, 8, false, 1), rnd));
        seeds.add(rle(ImageDescriptor.monochrome(32, 32, 16, 12, true, 1), rnd));
        seeds.add(rle(new ImageDescriptor(20, 20, 3, 8, 8, 7, 0, PhotometricInterpretation.RGB, 1, 1), rnd));
        seeds.add(rle(ImageDescriptor.monochrome(10, 10, 32, 32, false, 1), rnd));
        run(seeds, 5000, 1);
    }

    @Test
    void jpegFramesFailOnlyWithPixelDataException() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        seeds.add(new Seed(
                UID.JPEGLossless,
                ImageDescriptor.monochrome(64, 64, 16, 16, true, 1),
                resource("seed-lossless-16bit.jpg")));
        seeds.add(new Seed(
                UID.JPEGLosslessSV1,
                new ImageDescriptor(100, 100, 3, 8, 8, 7, 0, PhotometricInterpretation.RGB, 0, 1),
                resource("seed-lossless-rgb.jpg")));
        seeds.add(baseline(BufferedImage.TYPE_BYTE_GRAY, 40, 48));
        seeds.add(baseline(BufferedImage.TYPE_3BYTE_BGR, 24, 32));
        run(seeds, 3800, 2);
    }

    @Test
    void jpeg2000FramesFailOnlyWithPixelDataException() throws Exception {
        Random rnd = new Random(SEED);
        ImageDescriptor mono = ImageDescriptor.monochrome(24, 24, 16, 16, true, 1);
        ImageDescriptor rgb = new ImageDescriptor(16, 16, 3, 8, 8, 7, 0, PhotometricInterpretation.RGB, 0, 1);
        List<Seed> seeds = List.of(
                new Seed(UID.JPEG2000Lossless, mono, new Jpeg2000LosslessEncoder().encode(mono, pattern(mono, rnd))),
                new Seed(UID.JPEG2000Lossless, rgb, new Jpeg2000LosslessEncoder().encode(rgb, pattern(rgb, rnd))));
        run(seeds, 1600, 3);
    }

    private void run(List<Seed> seeds, int count, long stream) {
        Random rnd = new Random(SEED * 31 + stream);
        int decoded = 0;
        for (int i = 0; i < count; i++) {
            Seed s = seeds.get(i % seeds.size());
            byte[] input = Mutator.mutate(s.frame(), rnd);
            long t0 = System.nanoTime();
            try {
                FrameDecoder dec = Codecs.decoder(s.ts());
                byte[] out = dec.decode(s.descriptor(), input);
                assertThat(out).hasSize(dec.decodedDescriptor(s.descriptor()).frameLength());
                decoded++;
            } catch (PixelDataException expected) {
                // the toolkit's own exception: fine
            } catch (Throwable t) {
                failures.add("input " + i + " (" + s.ts() + "): " + t);
            }
            long took = System.nanoTime() - t0;
            slowest = Math.max(slowest, took);
            if (took > MAX_NANOS) {
                failures.add("input " + i + " (" + s.ts() + ") took " + took / 1_000_000 + " ms");
            }
        }
        assertThat(failures)
                .as("fuzz failures (slowest %d ms, %d decoded)", slowest / 1_000_000, decoded)
                .isEmpty();
    }

    private static Seed rle(ImageDescriptor d, Random rnd) throws PixelDataException {
        return new Seed(UID.RLELossless, d, new RleEncoder().encode(d, pattern(d, rnd)));
    }

    private static byte[] pattern(ImageDescriptor d, Random rnd) {
        byte[] b = new byte[d.frameLength()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rnd.nextInt(5) == 0 ? rnd.nextInt() : i / 37);
        }
        return b;
    }

    private static Seed baseline(int type, int rows, int cols) throws Exception {
        BufferedImage img = new BufferedImage(cols, rows, type);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.setRGB(x, y, (x * 5) << 16 | (y * 6) << 8 | ((x + y) * 3));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        boolean gray = type == BufferedImage.TYPE_BYTE_GRAY;
        ImageDescriptor d = gray
                ? ImageDescriptor.monochrome(rows, cols, 8, 8, false, 1)
                : new ImageDescriptor(rows, cols, 3, 8, 8, 7, 0, PhotometricInterpretation.YBR_FULL_422, 0, 1);
        return new Seed(UID.JPEGBaseline8Bit, d, out.toByteArray());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = CodecFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
