package io.radflow.dicom.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Jpeg2000LosslessEncoderTest {

    private static byte[] randomFrame(ImageDescriptor d, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[d.frameLength()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 7 == 0 ? rnd.nextInt() : (i / 97));
        }
        return b;
    }

    @Test
    void roundTripsSigned16BitExactly() throws Exception {
        ImageDescriptor d = ImageDescriptor.monochrome(37, 53, 16, 16, true, 1);
        byte[] frame = randomFrame(d, 1);
        byte[] j2k = Codecs.encoder(UID.JPEG2000Lossless).encode(d, frame);
        assertThat(j2k[0] & 0xFF).isEqualTo(0xFF);
        assertThat(j2k[1]).isEqualTo((byte) 0x4F);
        byte[] back = Codecs.decoder(UID.JPEG2000Lossless).decode(d, j2k);
        assertThat(back).isEqualTo(frame);
    }

    @Test
    void roundTripsUnsigned16And8BitRgb() throws Exception {
        ImageDescriptor u16 = ImageDescriptor.monochrome(20, 30, 16, 12, false, 1);
        byte[] f = new byte[u16.frameLength()];
        for (int i = 0; i < f.length; i += 2) {
            f[i] = (byte) (i * 31);
            f[i + 1] = (byte) ((i / 64) & 0x0F);
        }
        byte[] back = Codecs.decoder(UID.JPEG2000Lossless)
                .decode(u16, Codecs.encoder(UID.JPEG2000Lossless).encode(u16, f));
        assertThat(Arrays.equals(back, f)).isTrue();
        ImageDescriptor full = ImageDescriptor.monochrome(4, 4, 16, 16, false, 1);
        assertThatThrownBy(() -> Codecs.encoder(UID.JPEG2000Lossless).encode(full, new byte[32]))
                .isInstanceOf(PixelDataException.class);
        ImageDescriptor rgb = new ImageDescriptor(16, 9, 3, 8, 8, 7, 0, PhotometricInterpretation.RGB, 0, 1);
        byte[] c = randomFrame(rgb, 2);
        assertThat(Codecs.decoder(UID.JPEG2000Lossless)
                        .decode(rgb, Codecs.encoder(UID.JPEG2000Lossless).encode(rgb, c)))
                .isEqualTo(c);
    }
}
