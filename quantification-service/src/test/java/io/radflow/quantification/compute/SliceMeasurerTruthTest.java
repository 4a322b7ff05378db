package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Areas and mean HU at L3 of generated abdominal CTs, measured with the truth's own labels. */
class SliceMeasurerTruthTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(longs = {11, 23, 42, 2024})
    void truthLabelsGiveTheTruthsAreasAndMeanHu(long seed) throws Exception {
        L3Case c = L3Case.generate(seed, dir);
        SliceMeasurement m = new SliceMeasurer().measure(c.slice(), c.masks());
        for (BodyTissue t :
                new BodyTissue[] {BodyTissue.SKELETAL_MUSCLE, BodyTissue.SUBCUTANEOUS_FAT, BodyTissue.VISCERAL_FAT}) {
            TissueMeasurement tm = m.tissue(t);
            double truth = c.truthAreaCm2(t);
            double areaError = (tm.areaCm2() - truth) / truth;
            double huError = tm.meanHu() - c.truthMeanHu(t);
            System.out.printf(
                    Locale.ROOT,
                    "truth labels seed %d %s: area %.3f cm² (truth %.3f, %+.4f %%), mean %.2f HU (truth %.2f, %+.2f),"
                            + " SD %.2f HU%n",
                    seed,
                    t,
                    tm.areaCm2(),
                    truth,
                    100 * areaError,
                    tm.meanHu(),
                    c.truthMeanHu(t),
                    huError,
                    tm.sdHu());
            assertTrue(truth > 1, t + " present at L3");
            assertTrue(Math.abs(areaError) <= 0.005, t + " area within 0.5 % of the truth: " + 100 * areaError + " %");
            assertTrue(Math.abs(huError) <= 1, t + " mean HU within 1 HU of the truth: " + huError);
        }
        // the phantom's muscles hold no fat: intermuscular fat is (next to) nothing
        assertTrue(m.tissue(BodyTissue.INTERMUSCULAR_FAT).areaCm2() < 0.01);
        assertEquals(c.slice().pixelAreaCm2(), c.sliceTruth().pixelAreaCm2(), 1e-12, "pixel area from PixelSpacing");
    }
}
