package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativePixelDecoderTest {

    private static ImageDescriptor mono(int alloc, int stored, int high, boolean signed, int frames) {
        return new ImageDescriptor(
                1, 2, 1, alloc, stored, high, signed ? 1 : 0, PhotometricInterpretation.MONOCHROME2, 0, frames);
    }

    @Test
    void signExtends12BitStoredIn16() throws Exception {
        // 0x0FFF = -1 in 12 bits, 0x0800 = -2048; the unused high nibble carries garbage (0xF / 0xA)
        byte[] data = {(byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0xA8};
        PixelRaster r = NativePixelDecoder.decode(mono(16, 12, 11, true, 1), data, 0, false);
        assertThat(r.samples()).containsExactly(-1, -2048);
    }

    @Test
    void masksUnsigned12BitAndHonoursHighBit() throws Exception {
        byte[] data = {(byte) 0xFF, (byte) 0xFF, 0x34, 0x12};
        assertThat(NativePixelDecoder.decode(mono(16, 12, 11, false, 1), data, 0, false)
                        .samples())
                .containsExactly(4095, 0x234);
        // High Bit 15: the stored bits are the top 12, shifted down
        assertThat(NativePixelDecoder.decode(mono(16, 12, 15, false, 1), data, 0, false)
                        .samples())
                .containsExactly(4095, 0x123);
    }

    @Test
    void signed16BitFullRangeAndBigEndian() throws Exception {
        byte[] le = {0x00, (byte) 0x80, (byte) 0xFF, 0x7F};
        assertThat(NativePixelDecoder.decode(mono(16, 16, 15, true, 1), le, 0, false)
                        .samples())
                .containsExactly(-32768, 32767);
        byte[] be = {(byte) 0x80, 0x00, 0x7F, (byte) 0xFF};
        assertThat(NativePixelDecoder.decode(mono(16, 16, 15, true, 1), be, 0, true)
                        .samples())
                .containsExactly(-32768, 32767);
        assertThat(NativePixelDecoder.decode(mono(16, 16, 15, false, 1), le, 0, false)
                        .samples())
                .containsExactly(32768, 32767);
    }

    @Test
    void signed8BitAnd32Bit() throws Exception {
        assertThat(NativePixelDecoder.decode(mono(8, 8, 7, true, 1), new byte[] {(byte) 0x80, 0x7F}, 0, false)
                        .samples())
                .containsExactly(-128, 127);
        byte[] d32 = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 0, 0, 0};
        PixelRaster u = NativePixelDecoder.decode(mono(32, 32, 31, false, 1), d32, 0, false);
        assertThat(u.unsigned(0)).isEqualTo(0xFFFFFFFFL);
        assertThat(NativePixelDecoder.decode(mono(32, 32, 31, true, 1), d32, 0, false)
                        .samples())
                .containsExactly(-1, 1);
    }

    @Test
    void selectsFramesOfMultiFrameData() throws Exception {
        byte[] data = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0};
        ImageDescriptor d = mono(16, 16, 15, false, 3);
        assertThat(NativePixelDecoder.decode(d, data, 2, false).samples()).containsExactly(5, 6);
        assertThatThrownBy(() -> NativePixelDecoder.decode(d, data, 3, false)).isInstanceOf(PixelDataException.class);
        assertThatThrownBy(() -> NativePixelDecoder.decode(d, new byte[10], 2, false))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void interleavesPlanarRgb() throws Exception {
        ImageDescriptor d = new ImageDescriptor(1, 2, 3, 8, 8, 7, 0, PhotometricInterpretation.RGB, 1, 1);
        byte[] planar = {10, 11, 20, 21, 30, 31};
        assertThat(NativePixelDecoder.decode(d, planar, 0, false).samples()).containsExactly(10, 20, 30, 11, 21, 31);
        assertThat(NativePixelDecoder.decode(d.withPlanarConfiguration(0), planar, 0, false)
                        .samples())
                .containsExactly(10, 11, 20, 21, 30, 31);
    }

    @Test
    void expandsYbrFull422() throws Exception {
        ImageDescriptor d = new ImageDescriptor(1, 3, 3, 8, 8, 7, 0, PhotometricInterpretation.YBR_FULL_422, 0, 1);
        assertThat(d.frameLength()).isEqualTo(8);
        byte[] data = {1, 2, 50, 60, 3, 0, 70, 80};
        assertThat(NativePixelDecoder.decode(d, data, 0, false).samples())
                .containsExactly(1, 50, 60, 2, 50, 60, 3, 70, 80);
    }

    @Test
    void unpacksOneBitDataAcrossFrames() throws Exception {
        ImageDescriptor d = new ImageDescriptor(1, 3, 1, 1, 1, 0, 0, PhotometricInterpretation.MONOCHROME2, 0, 3);
        // bits (LSB first): frame 1 = 1,0,1; frame 2 = 1,1,0; frame 3 = 0,0,1
        byte[] data = {(byte) 0b0_011_101, 0b1};
        assertThat(NativePixelDecoder.decode(d, data, 0, false).samples()).containsExactly(1, 0, 1);
        assertThat(NativePixelDecoder.decode(d, data, 1, false).samples()).containsExactly(1, 1, 0);
        assertThat(NativePixelDecoder.decode(d, data, 2, false).samples()).containsExactly(0, 0, 1);
    }

    @Test
    void descriptorRejectsContradictions() {
        assertThatThrownBy(() -> mono(16, 17, 16, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mono(16, 12, 10, false, 1)).hasMessageContaining("High Bit");
        assertThatThrownBy(() -> new ImageDescriptor(2, 2, 1, 8, 8, 7, 0, PhotometricInterpretation.RGB, 0, 1))
                .hasMessageContaining("RGB");
    }

    @Test
    void convertsYbrFullToRgbLikePydicom() {
        PixelRaster ybr = new PixelRaster(1, 3, 3, 8, false, PhotometricInterpretation.YBR_FULL, new int[] {
            76, 85, 255, 150, 44, 21, 128, 128, 128
        });
        // pure red, pure green, mid grey
        assertThat(ColorConversion.toRgb(ybr).samples()).containsExactly(254, 0, 0, 0, 255, 1, 128, 128, 128);
        assertThat(ColorConversion.rgbToYbrFull(255, 0, 0)).containsExactly(76, 85, 255);
    }
}
