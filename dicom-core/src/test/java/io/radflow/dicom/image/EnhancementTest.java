package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnhancementTest {

    @Test
    void equalisationSpreadsANarrowHistogram() throws Exception {
        byte[] px = new byte[64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (100 + (i % 64) / 8); // values 100..107
        }
        Image8 out = OpenCvEnhancer.apply(new Image8(64, 64, 1, px), Enhancement.EQUALIZE);
        int min = 255;
        int max = 0;
        for (byte b : out.pixels()) {
            min = Math.min(min, b & 0xFF);
            max = Math.max(max, b & 0xFF);
        }
        // equalizeHist maps the lowest occupied bin to 0 and the highest to 255
        assertThat(min).isZero();
        assertThat(max).isEqualTo(255);
    }

    @Test
    void claheKeepsSizeAndGreyAndChangesContrast() throws Exception {
        byte[] px = new byte[128 * 128 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (120 + ((i / 3) % 128) / 32);
        }
        Image8 in = new Image8(128, 128, 3, px);
        Image8 out = OpenCvEnhancer.apply(in, Enhancement.CLAHE);
        assertThat(out.width()).isEqualTo(128);
        assertThat(out.channels()).isEqualTo(3);
        assertThat(out.height()).isEqualTo(128);
        // grey stays grey (luma-only enhancement) and the flat input is changed
        assertThat(out.get(5, 5, 0)).isEqualTo(out.get(5, 5, 2));
        assertThat(out.pixels()).isNotEqualTo(in.pixels());
        assertThat(OpenCvEnhancer.apply(in, Enhancement.NONE)).isSameAs(in);
    }
}
