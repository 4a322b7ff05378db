package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import org.junit.jupiter.api.Test;

class LutPipelineTest {

    @Test
    void linearWindowFollowsPs33Formula() {
        Window abdomen = new Window(40, 400, VoiLutFunction.LINEAR);
        assertThat(abdomen.apply(-160, 0, 255)).isEqualTo(0);
        assertThat(abdomen.apply(-159, 0, 255)).isCloseTo(0.6391, within(1e-4));
        assertThat(abdomen.apply(40, 0, 255)).isCloseTo(127.8195, within(1e-4));
        assertThat(abdomen.apply(239, 0, 255)).isEqualTo(255);
        assertThat(abdomen.apply(1000, 0, 255)).isEqualTo(255);
        assertThat(Renderer.to8(abdomen.apply(-159, 0, 255))).isEqualTo(1);
        assertThat(Renderer.to8(abdomen.apply(40, 0, 255))).isEqualTo(128);
        // width 1 is a threshold at c - 0.5
        Window threshold = new Window(0, 1, VoiLutFunction.LINEAR);
        assertThat(threshold.apply(-1, 0, 255)).isEqualTo(0);
        assertThat(threshold.apply(0, 0, 255)).isEqualTo(255);
    }

    @Test
    void linearExactAndSigmoid() {
        Window exact = new Window(0, 100, VoiLutFunction.LINEAR_EXACT);
        assertThat(exact.apply(-50, 0, 255)).isEqualTo(0);
        assertThat(exact.apply(0, 0, 255)).isEqualTo(127.5);
        assertThat(exact.apply(25, 0, 255)).isEqualTo(191.25);
        assertThat(exact.apply(50, 0, 255)).isEqualTo(255);
        Window sigmoid = new Window(0, 100, VoiLutFunction.SIGMOID);
        assertThat(sigmoid.apply(0, 0, 255)).isEqualTo(127.5);
        assertThat(sigmoid.apply(25, 0, 255)).isCloseTo(255 / (1 + Math.exp(-1)), within(1e-12));
        assertThat(Renderer.to8(sigmoid.apply(25, 0, 255))).isEqualTo(186);
    }

    @Test
    void windowParsingAndValidation() throws Exception {
        assertThat(Window.parse("-600,1500")).isEqualTo(WindowPreset.LUNG.window());
        assertThat(Window.parse("40, 400, sigmoid").function()).isEqualTo(VoiLutFunction.SIGMOID);
        assertThatThrownBy(() -> Window.parse("40")).isInstanceOf(PixelDataException.class);
        assertThatThrownBy(() -> Window.parse("40,0.5")).isInstanceOf(PixelDataException.class);
        assertThatThrownBy(() -> Window.parse("40,100,gamma")).isInstanceOf(PixelDataException.class);
        assertThat(WindowPreset.of("bone").center()).isEqualTo(400);
    }

    @Test
    void modalityLutRescalesToHounsfieldAndReadsLutSequence() throws Exception {
        ImageDescriptor d = ImageDescriptor.monochrome(1, 1, 16, 12, false, 1);
        Attributes ct = new Attributes();
        ct.setString(Tag.RescaleSlope, VR.DS, "1");
        ct.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        assertThat(ModalityLut.of(ct, d).apply(1024)).isEqualTo(0);
        assertThat(ModalityLut.of(ct, d).apply(0)).isEqualTo(-1024);
        Attributes none = new Attributes();
        assertThat(ModalityLut.of(none, d).isIdentity()).isTrue();

        Attributes lut = new Attributes();
        Attributes item = new Attributes();
        item.setInt(Tag.LUTDescriptor, VR.US, 4, 10, 12);
        item.setInt(Tag.LUTData, VR.US, 100, 200, 300, 400);
        lut.newSequence(Tag.ModalityLUTSequence, 1).add(item);
        ModalityLut m = ModalityLut.of(lut, d);
        assertThat(m.apply(9)).isEqualTo(100);
        assertThat(m.apply(12)).isEqualTo(300);
        assertThat(m.apply(20)).isEqualTo(400);
        // signed input: first mapped value 65526 is -10
        item.setInt(Tag.LUTDescriptor, VR.US, 4, 65526, 12);
        ModalityLut signed = ModalityLut.of(lut, ImageDescriptor.monochrome(1, 1, 16, 12, true, 1));
        assertThat(signed.apply(-9)).isEqualTo(200);
    }

    @Test
    void voiLutPrefersWindowThenSequence() throws Exception {
        ImageDescriptor d = ImageDescriptor.monochrome(1, 1, 16, 12, false, 1);
        Attributes ds = new Attributes();
        Attributes item = new Attributes();
        item.setInt(Tag.LUTDescriptor, VR.US, 3, 0, 8);
        item.setInt(Tag.LUTData, VR.US, 0, 51, 255);
        ds.newSequence(Tag.VOILUTSequence, 1).add(item);
        VoiLut fromSeq = VoiLut.of(ds, d, 0);
        assertThat(fromSeq.window()).isNull();
        assertThat(fromSeq.apply(1)).isEqualTo(51);
        ds.setString(Tag.WindowCenter, VR.DS, "100", "300");
        ds.setString(Tag.WindowWidth, VR.DS, "50", "500");
        ds.setString(Tag.VOILUTFunction, VR.CS, "LINEAR_EXACT");
        assertThat(VoiLut.of(ds, d, 1).window()).isEqualTo(new Window(300, 500, VoiLutFunction.LINEAR_EXACT));
        assertThat(VoiLut.of(new Attributes(), d, 0)).isNull();
    }

    @Test
    void rendersMonochrome1InvertedAndCtInHounsfieldUnits() throws Exception {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, 1);
        ds.setInt(Tag.Columns, VR.US, 3);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 16);
        ds.setInt(Tag.HighBit, VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ds.setString(Tag.RescaleSlope, VR.DS, "1");
        // stored 0, 1064, 2048 -> -1024, 40, 1024 HU
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {0, 0, 0x28, 0x04, 0x00, 0x08});
        PixelData pd = PixelData.of(ds, "1.2.840.10008.1.2.1");
        Image8 img = Renderer.render(ds, pd, RenderParams.defaults().withWindow(WindowPreset.ABDOMEN.window()));
        assertThat(img.pixels()).containsExactly(0, (byte) 128, (byte) 255);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME1");
        Image8 inv = Renderer.render(
                ds,
                PixelData.of(ds, "1.2.840.10008.1.2.1"),
                RenderParams.defaults().withWindow(WindowPreset.ABDOMEN.window()));
        assertThat(inv.pixels()).containsExactly((byte) 255, 127, 0);
        // no window in the data set: min/max of the frame
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        assertThat(Renderer.render(ds, pd, RenderParams.defaults()).pixels())
                .containsExactly(0, (byte) 132, (byte) 255);
    }

    @Test
    void viewportScalingKeepsAspectAndAverages() {
        byte[] px = new byte[4 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 10);
        }
        Image8 img = new Image8(4, 2, 1, px);
        Image8 half = img.fitInto(2, 2);
        assertThat(half.width()).isEqualTo(2);
        assertThat(half.height()).isEqualTo(1);
        // (0+10+40+50)/4 = 25, (20+30+60+70)/4 = 45
        assertThat(half.pixels()).containsExactly(25, 45);
        Image8 big = img.fitInto(8, 100);
        assertThat(big.width()).isEqualTo(8);
        assertThat(big.height()).isEqualTo(4);
        assertThat(big.get(7, 3, 0)).isEqualTo(70);
    }
}
