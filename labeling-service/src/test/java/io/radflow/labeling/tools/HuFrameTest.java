package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtSeries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HuFrame}: the Modality LUT applied to one frame, monochrome only. */
class HuFrameTest {

    private static Attributes image(int rows, int columns, int samples, int bits, int frames, String pi) {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.SamplesPerPixel, VR.US, samples);
        ds.setInt(Tag.BitsAllocated, VR.US, bits);
        ds.setInt(Tag.BitsStored, VR.US, bits);
        ds.setInt(Tag.HighBit, VR.US, bits - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, samples == 1 ? 1 : 0);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, pi);
        if (samples > 1) {
            ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        }
        ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        return ds;
    }

    @Test
    void appliesRescaleSlopeAndInterceptToTheChosenFrame() throws Exception {
        Attributes ds = image(2, 3, 1, 16, 2, "MONOCHROME2");
        ds.setString(Tag.RescaleSlope, VR.DS, "2");
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1000");
        short[] stored = {0, 1, -1, 500, 1000, -32768, 7, 8, 9, 10, 11, 12};
        byte[] bytes = new byte[stored.length * 2];
        for (int i = 0; i < stored.length; i++) {
            bytes[2 * i] = (byte) stored[i];
            bytes[2 * i + 1] = (byte) (stored[i] >> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, bytes);
        PixelData pd = PixelData.of(ds, UID.ExplicitVRLittleEndian);

        HuFrame first = HuFrame.of(ds, pd, 0);
        assertThat(first.rows()).isEqualTo(2);
        assertThat(first.columns()).isEqualTo(3);
        assertThat(first.values()).containsExactly(-1000f, -998f, -1002f, 0f, 1000f, -66536f);
        assertThat(first.value(1, 0)).isEqualTo(0f);
        assertThat(HuFrame.of(ds, pd, 1).values()).containsExactly(-986f, -984f, -982f, -980f, -978f, -976f);
        assertThatThrownBy(() -> HuFrame.of(ds, pd, 2))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("frame 3 of 2 does not exist");
    }

    @Test
    void rejectsColourImages() throws Exception {
        Attributes ds = image(1, 2, 3, 8, 1, "RGB");
        ds.setBytes(Tag.PixelData, VR.OB, new byte[] {1, 2, 3, 4, 5, 6});
        PixelData pd = PixelData.of(ds, UID.ExplicitVRLittleEndian);
        assertThatThrownBy(() -> HuFrame.of(ds, pd, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the image has 3 samples per pixel (RGB); the segmentation tools take monochrome only");
    }

    @Test
    void readsTheHounsfieldUnitsOfAGeneratedCtSlice(@TempDir Path dir) throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(3, 2).writeTo(dir);
        HuFrame frame = ToolCases.read(truth.file(1));
        short[] stored = truth.study().ctStudy().primary().storedValues(1);
        assertThat(frame.size()).isEqualTo(512 * 512);
        for (int i = 0; i < stored.length; i++) {
            assertThat(frame.values()[i]).isEqualTo((float) (stored[i] + CtSeries.RESCALE_INTERCEPT));
        }
    }

    @Test
    void checksItsSize() {
        assertThatThrownBy(() -> new HuFrame(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("5 values for a frame of 2 rows x 3 columns");
        assertThatThrownBy(() -> new HuFrame(new float[0], 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame size must be positive: 0 rows x 3 columns");
    }
}
