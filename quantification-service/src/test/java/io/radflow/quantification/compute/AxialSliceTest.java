package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a CT slice's HU, geometry and position from its data set; bad geometry refused. */
class AxialSliceTest {
    @TempDir
    static Path dir;

    static L3Case c;

    @BeforeAll
    static void generate() throws Exception {
        c = L3Case.generate(7, dir);
    }

    @Test
    void readsHuAndPositionOfTheL3Slice() {
        assertEquals(c.truth().primaryCt().geometry().rows(), c.slice().rows());
        double z = c.sliceTruth().z();
        var l3 = BodyCompositionResult.L3Slice.of(c.dataset(), BodyCompositionResult.L3Source.MODEL);
        assertEquals(c.sliceTruth().sopInstanceUid(), l3.sopInstanceUid());
        assertEquals(z, l3.positionMm(), 1e-6, "axial slice: position along the normal is z");
    }

    @Test
    void missingPixelSpacingIsAClearError() throws Exception {
        Attributes ds = read();
        ds.remove(Tag.PixelSpacing);
        var e = assertThrows(IllegalArgumentException.class, () -> AxialSlice.of(ds, transferSyntax()));
        assertTrue(e.getMessage().contains("Pixel Spacing (0028,0030) is missing"), e.getMessage());
        ds.setString(Tag.PixelSpacing, VR.DS, "0", "0.7");
        e = assertThrows(IllegalArgumentException.class, () -> AxialSlice.of(ds, transferSyntax()));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
    }

    @Test
    void aSagittalSliceIsRefused() throws Exception {
        Attributes ds = read();
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 0, 1, 0, 0, 0, -1);
        var e = assertThrows(IllegalArgumentException.class, () -> AxialSlice.of(ds, transferSyntax()));
        assertTrue(e.getMessage().startsWith("not an axial slice"), e.getMessage());
    }

    private static Attributes read() throws Exception {
        try (DicomInputStream in = new DicomInputStream(c.file())) {
            return in.readDataset();
        }
    }

    private static String transferSyntax() throws Exception {
        try (DicomInputStream in = new DicomInputStream(c.file())) {
            in.readDataset();
            return in.getTransferSyntax();
        }
    }
}
