package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random image attributes, offset tables and fragment layouts (3,000 data sets): reading
 * frames ends normally or in {@link PixelDataException}, never in another exception.
 */
class PixelDataFuzzTest {
    private static final String[] SYNTAXES = {
        UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian, UID.RLELossless, UID.JPEGBaseline8Bit, UID.JPEG2000Lossless
    };
    private static final String[] PHOTOMETRIC = {
        "MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL_422", "PALETTE COLOR", "X"
    };

    @Test
    void hostileAttributesEndInPixelDataException() {
        Random rnd = new Random(0xF00DL);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Attributes ds = new Attributes();
            int rows = pick(rnd, 0, 1, 2, 7, 64, 65535, -1);
            int cols = pick(rnd, 0, 1, 3, 8, 64, 65535, -1);
            ds.setInt(Tag.Rows, VR.US, rows);
            ds.setInt(Tag.Columns, VR.US, cols);
            ds.setInt(Tag.SamplesPerPixel, VR.US, pick(rnd, 1, 3, 0, 4));
            ds.setInt(Tag.BitsAllocated, VR.US, pick(rnd, 1, 8, 16, 32, 12, 0));
            ds.setInt(Tag.BitsStored, VR.US, pick(rnd, 1, 8, 12, 16, 32, 40));
            ds.setInt(Tag.HighBit, VR.US, pick(rnd, 0, 7, 11, 15, 31, 99));
            ds.setInt(Tag.PixelRepresentation, VR.US, pick(rnd, 0, 1, 2));
            ds.setInt(Tag.PlanarConfiguration, VR.US, pick(rnd, 0, 1, 5));
            ds.setString(Tag.PhotometricInterpretation, VR.CS, PHOTOMETRIC[rnd.nextInt(PHOTOMETRIC.length)]);
            ds.setString(Tag.NumberOfFrames, VR.IS, pick(rnd, 1, 2, 3, 0, -4, 100000) + "");
            if (rnd.nextBoolean()) { // a valid small image, so that frame location and decoding are reached
                ds.setInt(Tag.Rows, VR.US, 2 + rnd.nextInt(6));
                ds.setInt(Tag.Columns, VR.US, 2 + rnd.nextInt(6));
                ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
                int bits = pick(rnd, 8, 16);
                ds.setInt(Tag.BitsAllocated, VR.US, bits);
                ds.setInt(Tag.BitsStored, VR.US, bits);
                ds.setInt(Tag.HighBit, VR.US, bits - 1);
                ds.setInt(Tag.PixelRepresentation, VR.US, rnd.nextInt(2));
                ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
                ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(1 + rnd.nextInt(3)));
            }
            String ts = SYNTAXES[rnd.nextInt(SYNTAXES.length)];
            if (rnd.nextBoolean()) {
                byte[] px = new byte[rnd.nextInt(600)];
                rnd.nextBytes(px);
                ds.setBytes(Tag.PixelData, VR.OW, px);
            } else {
                Fragments f = new Fragments(VR.OB, false, 6);
                int n = rnd.nextInt(6);
                byte[] bot = new byte[4 * rnd.nextInt(4)];
                rnd.nextBytes(bot);
                f.add(rnd.nextBoolean() ? new byte[0] : bot);
                for (int k = 0; k < n; k++) {
                    byte[] b = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(b);
                    if (b.length > 1 && rnd.nextBoolean()) {
                        b[0] = (byte) 0xFF;
                        b[1] = (byte) 0xD8;
                    }
                    f.add(b);
                }
                ds.setValue(Tag.PixelData, VR.OB, f);
                if (rnd.nextInt(4) == 0) {
                    byte[] eot = new byte[8 * rnd.nextInt(4)];
                    rnd.nextBytes(eot);
                    ds.setBytes(Tag.ExtendedOffsetTable, VR.OV, eot);
                }
            }
            try {
                PixelData pd = PixelData.of(ds, ts);
                for (int fr = 0; fr < Math.min(pd.frames(), 3); fr++) {
                    pd.storedFrame(fr);
                    pd.raster(fr);
                }
                Renderer.render(ds, pd, RenderParams.defaults());
            } catch (PixelDataException expected) {
                // the toolkit's own exception
            } catch (Throwable t) {
                failures.add("case " + i + " (" + ts + "): " + t);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static int pick(Random rnd, int... values) {
        return values[rnd.nextInt(values.length)];
    }
}
