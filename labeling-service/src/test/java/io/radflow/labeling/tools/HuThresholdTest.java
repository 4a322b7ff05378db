package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HuThreshold}: inclusive range, optional rectangle. */
class HuThresholdTest {

    @Test
    void selectsTheValuesInTheInclusiveRange() {
        HuFrame f = new HuFrame(new float[] {-30, -29, 0, 150, 150.5f, 1000}, 2, 3);
        assertThat(HuThreshold.apply(f, -29, 150, null)).containsExactly(0, 1, 1, 1, 0, 0);
        assertThat(HuThreshold.apply(f, 150, 150, null)).containsExactly(0, 0, 0, 1, 0, 0);
    }

    @Test
    void keepsToTheRectangle() {
        float[] v = new float[4 * 5];
        HuFrame f = new HuFrame(v, 4, 5);
        byte[] m = HuThreshold.apply(f, -1, 1, new Rect(1, 2, 3, 2));
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                assertThat(m[r * 5 + c]).as("row %d column %d", r, c).isEqualTo((byte)
                        (r >= 2 && c >= 1 && c <= 3 ? 1 : 0));
            }
        }
    }

    @Test
    void theFatRangeOnAnL3SliceIsTheGeneratorsFatWhereTheNoiseStaysInside(@TempDir Path dir) throws Exception {
        ToolCases.MuscleCase l3 = ToolCases.l3(7, dir);
        byte[] fat = HuThreshold.apply(l3.frame(), Tissue.FAT_MIN_HU, Tissue.FAT_MAX_HU, null);
        byte[] truth = new byte[fat.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (byte) (Tissue.ofLabel(l3.labels()[i]).isFat() ? 1 : 0);
        }
        // fat is −105/−95 ± 12 HU: nearly all of it lies in −190…−30; nothing else does
        assertThat(ToolCases.dice(fat, truth)).isGreaterThan(0.99);
    }
}
