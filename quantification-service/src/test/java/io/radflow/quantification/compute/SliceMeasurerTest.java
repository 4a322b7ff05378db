package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The counting rules on small hand-made slices. */
class SliceMeasurerTest {
    // 2 x 4 slice, 0.5 x 0.8 mm pixels (0.004 cm² each)
    static final float[] HU = {40, 60, -100, 200, -50, -80, -20, -200};
    static final boolean[] MUSCLE = {true, true, true, true, false, false, false, false};
    static final boolean[] SAT = {false, false, false, false, true, true, true, true};

    static AxialSlice slice() {
        return new AxialSlice(HU, 2, 4, 0.5, 0.8);
    }

    @Test
    void muscleInItsRangeAndIntermuscularFatInTheMuscleLabel() {
        SliceMeasurement m = new SliceMeasurer().measure(slice(), new TissueMasks(MUSCLE, SAT, null));
        TissueMeasurement muscle = m.tissue(BodyTissue.SKELETAL_MUSCLE);
        assertEquals(2, muscle.pixels(), "40 and 60 HU; 200 HU is above the range");
        assertEquals(0.008, muscle.areaCm2(), 1e-12);
        assertEquals(50, muscle.meanHu(), 1e-9);
        assertEquals(10, muscle.sdHu(), 1e-9, "population SD");
        TissueMeasurement imat = m.tissue(BodyTissue.INTERMUSCULAR_FAT);
        assertEquals(1, imat.pixels(), "the -100 HU pixel inside the muscle label");
        assertEquals(-100, imat.meanHu(), 1e-9);
        TissueMeasurement sat = m.tissue(BodyTissue.SUBCUTANEOUS_FAT);
        assertEquals(2, sat.pixels(), "-50 and -80 HU; -20 and -200 HU are outside −190…−30");
        assertEquals(-65, sat.meanHu(), 1e-9);
        TissueMeasurement vat = m.tissue(BodyTissue.VISCERAL_FAT);
        assertEquals(0, vat.pixels(), "no visceral label");
        assertEquals(0, vat.areaCm2());
        assertNull(vat.meanHu());
        assertNull(vat.sdHu());
        assertEquals("Visceral fat", vat.name());
    }

    @Test
    void thresholdsAreConfigurable() {
        Thresholds wide = new Thresholds(-29, 250, -250, -30);
        SliceMeasurement m = new SliceMeasurer(wide).measure(slice(), new TissueMasks(MUSCLE, SAT, null));
        assertEquals(3, m.tissue(BodyTissue.SKELETAL_MUSCLE).pixels());
        assertEquals(3, m.tissue(BodyTissue.SUBCUTANEOUS_FAT).pixels());
    }

    @Test
    void masksOfAnotherSizeAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SliceMeasurer()
                .measure(slice(), new TissueMasks(new boolean[9], null, null)));
        assertTrue(e.getMessage().contains("skeletal muscle mask has 9 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("2 x 4"), e.getMessage());
    }

    @Test
    void missingOrNonPositiveSpacingIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AxialSlice(HU, 2, 4, 0, 0.8));
        assertTrue(e.getMessage().contains("pixel spacing must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AxialSlice(HU, 2, 4, Double.NaN, 0.8));
        assertThrows(IllegalArgumentException.class, () -> new AxialSlice(HU, 2, 4, 0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> new AxialSlice(HU, 3, 4, 0.5, 0.8));
    }

    @Test
    void slabAveragesPerSlice() {
        float[] hu2 = {50, 70, 30, 20, -60, -60, -60, -60};
        var a = new SliceMeasurer.MaskedSlice(slice(), new TissueMasks(MUSCLE, SAT, null));
        var b = new SliceMeasurer.MaskedSlice(new AxialSlice(hu2, 2, 4, 0.5, 0.8), new TissueMasks(MUSCLE, SAT, null));
        SliceMeasurement m = new SliceMeasurer().measureSlab(List.of(a, b));
        assertEquals(2, m.slices());
        TissueMeasurement muscle = m.tissue(BodyTissue.SKELETAL_MUSCLE);
        assertEquals(3, muscle.pixels(), "2 and 4 pixels");
        assertEquals(0.012, muscle.areaCm2(), 1e-12);
        assertEquals((50 + 42.5) / 2, muscle.meanHu(), 1e-9, "mean of the slices' means");
        TissueMeasurement imat = m.tissue(BodyTissue.INTERMUSCULAR_FAT);
        assertEquals(0.5, imat.pixels(), "1 and 0 pixels");
        assertEquals(-100, imat.meanHu(), 1e-9, "the slice without intermuscular fat is left out of its HU mean");
        assertThrows(IllegalArgumentException.class, () -> new SliceMeasurer().measureSlab(List.of()));
    }

    @Test
    void classifyGivesEachCountedPixelItsTissue() {
        byte[] map = new SliceMeasurer().classify(slice(), new TissueMasks(MUSCLE, SAT, null));
        int sm = BodyTissue.SKELETAL_MUSCLE.ordinal() + 1;
        int imat = BodyTissue.INTERMUSCULAR_FAT.ordinal() + 1;
        int sat = BodyTissue.SUBCUTANEOUS_FAT.ordinal() + 1;
        assertEquals(List.of(sm, sm, imat, 0, sat, sat, 0, 0), toList(map));
    }

    @Test
    void thresholdsAreValidated() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Thresholds(150, -29, -190, -30));
        assertTrue(e.getMessage().contains("muscle HU range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(-29, 150, -30, -30));
        assertEquals(new Thresholds(-29, 150, -190, -30), Thresholds.alberta());
    }

    private static List<Integer> toList(byte[] b) {
        Integer[] out = new Integer[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (int) b[i];
        }
        return List.of(out);
    }
}
