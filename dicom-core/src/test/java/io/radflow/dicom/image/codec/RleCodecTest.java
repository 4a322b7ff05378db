package io.radflow.dicom.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RleCodecTest {
    private final RleEncoder encoder = new RleEncoder();
    private final RleDecoder decoder = new RleDecoder();

    @Test
    void packBitsFollowsPs35AnnexG() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] row = {7, 7, 7, 7, 1, 2, 3, 9, 9};
        RleEncoder.packBits(row, row.length, out);
        // replicate 4 x 7 (-3); a pair inside literals stays literal: literal of 5 (4)
        assertThat(out.toByteArray()).containsExactly(-3, 7, 4, 1, 2, 3, 9, 9);
        out.reset();
        byte[] tail = {5, 9, 9};
        RleEncoder.packBits(tail, tail.length, out);
        assertThat(out.toByteArray()).containsExactly(2, 5, 9, 9);
    }

    @Test
    void decodesHandMadeFrameWithNoOpAndPadding() throws Exception {
        ImageDescriptor d = ImageDescriptor.monochrome(1, 5, 8, 8, false, 1);
        byte[] frame = new byte[64 + 6];
        frame[0] = 1;
        frame[4] = 64;
        // -128 is a no-op; then 5 x 0x2A; then padding 0 that must be ignored
        byte[] seg = {-128, -4, 0x2A, 0, 0, 0};
        System.arraycopy(seg, 0, frame, 64, seg.length);
        assertThat(decoder.decode(d, frame)).containsExactly(42, 42, 42, 42, 42);
    }

    @Test
    void roundTripsEveryLayout() throws Exception {
        Random rnd = new Random(20261121);
        for (int alloc : new int[] {8, 16, 32}) {
            for (int spp : new int[] {1, 3}) {
                for (int planar : new int[] {0, 1}) {
                    for (int[] size : new int[][] {{1, 1}, {3, 5}, {17, 130}, {64, 64}}) {
                        ImageDescriptor d = new ImageDescriptor(
                                size[0],
                                size[1],
                                spp,
                                alloc,
                                alloc,
                                alloc - 1,
                                0,
                                spp == 1 ? PhotometricInterpretation.MONOCHROME2 : PhotometricInterpretation.RGB,
                                planar,
                                1);
                        byte[] pixels = new byte[d.frameLength()];
                        for (int i = 0; i < pixels.length; i++) {
                            // mixture of runs and noise
                            pixels[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : (i / 200));
                        }
                        byte[] rle = encoder.encode(d, pixels);
                        assertThat(rle.length % 2).isZero();
                        assertThat(RleDecoder.u32(rle, 0)).isEqualTo((long) spp * alloc / 8);
                        assertThat(decoder.decode(d, rle)).as("%s", d).containsExactly(pixels);
                    }
                }
            }
        }
    }

    @Test
    void compressesFlatImages() throws Exception {
        ImageDescriptor d = ImageDescriptor.monochrome(512, 512, 16, 12, true, 1);
        byte[] rle = encoder.encode(d, new byte[d.frameLength()]);
        // 2 segments x 512 rows x (4 runs of 128 = 8 bytes) + header
        assertThat(rle).hasSize(64 + 2 * 512 * 8);
        assertThat(decoder.decode(d, rle)).containsOnly(0).hasSize(512 * 512 * 2);
    }

    @Test
    void rejectsHostileFrames() {
        ImageDescriptor d = ImageDescriptor.monochrome(4, 4, 16, 16, false, 1);
        assertThatThrownBy(() -> decoder.decode(d, new byte[10]))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("header");
        byte[] wrongCount = new byte[80];
        wrongCount[0] = 3;
        assertThatThrownBy(() -> decoder.decode(d, wrongCount)).hasMessageContaining("3 segments");
        byte[] badOffset = new byte[80];
        badOffset[0] = 2;
        badOffset[4] = 64;
        badOffset[8] = (byte) 200;
        assertThatThrownBy(() -> decoder.decode(d, badOffset)).hasMessageContaining("offset 200");
        byte[] shortSeg = new byte[70];
        shortSeg[0] = 2;
        shortSeg[4] = 64;
        shortSeg[8] = 66;
        shortSeg[64] = -3;
        shortSeg[65] = 1;
        assertThatThrownBy(() -> decoder.decode(d, shortSeg))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("ends after 4 of 16");
        byte[] tiny = new byte[100];
        tiny[0] = 1;
        tiny[4] = 64;
        assertThatThrownBy(() -> decoder.decode(ImageDescriptor.monochrome(4096, 4096, 8, 8, false, 1), tiny))
                .hasMessageContaining("cannot hold");
        byte[] literalPastEnd = new byte[70];
        literalPastEnd[0] = 2;
        literalPastEnd[4] = 64;
        literalPastEnd[8] = 66;
        literalPastEnd[64] = 100;
        assertThatThrownBy(() -> decoder.decode(d, literalPastEnd)).hasMessageContaining("literal run");
    }

    @Test
    void encoderRejectsShortFrames() {
        ImageDescriptor d = new ImageDescriptor(2, 2, 3, 32, 32, 31, 0, PhotometricInterpretation.RGB, 0, 1);
        // 12 segments are allowed
        assertThat(d.samplesPerPixel() * d.bytesPerSample()).isEqualTo(12);
        assertThatThrownBy(() -> encoder.encode(d, new byte[5])).isInstanceOf(PixelDataException.class);
    }
}
