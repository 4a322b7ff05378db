package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.inference.pipeline.LesionRule.Quadrant;
import io.radflow.inference.pipeline.LesionRule.SliceInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quadrant rule on constructed masks: 8 axial slices of 40 × 40 pixels (1 mm), the patient's
 * right lung on the image's left (columns 4-17), the left lung on its right (columns 22-35); a lesion
 * is a 3 × 3 square. The lungs span slices 0-7, so slices 4-7 are upper and 0-3 lower.
 */
class LesionRuleTest {
    static final int N = 40;
    static final LesionRule RULE = new LesionRule(4);

    static SliceGeometry geometry(int slice) {
        return new SliceGeometry(
                N, N, new double[] {-20, -20, slice * 2.5}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {1, 1});
    }

    static boolean[] lungs() {
        boolean[] m = new boolean[N * N];
        for (int r = 8; r < 32; r++) {
            for (int c = 4; c < 36; c++) {
                m[r * N + c] = c < 18 || c >= 22;
            }
        }
        return m;
    }

    static boolean[] lesionAt(int row, int col) {
        boolean[] m = new boolean[N * N];
        for (int r = row; r < row + 3; r++) {
            for (int c = col; c < col + 3; c++) {
                m[r * N + c] = true;
            }
        }
        return m;
    }

    /** Slices 0-7; {@code lesions[i]} is slice i's lesion mask or null. */
    static List<SliceInput> study(boolean[]... lesions) {
        List<SliceInput> list = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean[] l = i < lesions.length && lesions[i] != null ? lesions[i] : new boolean[N * N];
            list.add(new SliceInput(geometry(i), lungs(), l));
        }
        return list;
    }

    static final boolean[] RIGHT = lesionAt(15, 8); // patient's right lung (image left)
    static final boolean[] LEFT = lesionAt(15, 28);
    static final boolean[] OUTSIDE = lesionAt(2, 18); // above the lungs, between them

    @Test
    void twoConsecutiveSlicesAreNegative() {
        var r = RULE.apply(study(null, null, null, null, null, RIGHT, RIGHT));
        assertThat(r.positive()).isFalse();
        assertThat(r.runs()).containsExactly(new LesionRule.Run(Quadrant.RIGHT_UPPER, 5, 2));
    }

    @Test
    void threeConsecutiveSlicesInOneQuadrantArePositive() {
        var r = RULE.apply(study(null, null, null, null, null, RIGHT, RIGHT, RIGHT));
        assertThat(r.positive()).isTrue();
        assertThat(r.runs()).first().isEqualTo(new LesionRule.Run(Quadrant.RIGHT_UPPER, 5, 3));
        var region = r.slices().get(6).regions().get(0);
        assertThat(region.pixels()).isEqualTo(9);
        assertThat(region.areaCm2()).isEqualTo(0.09, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new int[] {region.rowMin(), region.columnMin(), region.rowMax(), region.columnMax()})
                .containsExactly(15, 8, 17, 10);
    }

    @Test
    void threeSlicesInDifferentQuadrantsAreNegative() {
        var r = RULE.apply(study(null, null, null, null, null, RIGHT, LEFT, RIGHT));
        assertThat(r.positive()).isFalse();
        assertThat(r.slices().get(6).quadrants()).isEqualTo(Set.of(Quadrant.LEFT_UPPER));
        // across the upper/lower division (between slices 3 and 4) a run also breaks
        var across = RULE.apply(study(null, null, null, LEFT, LEFT, LEFT));
        assertThat(across.positive()).isFalse();
        assertThat(across.slices().get(3).quadrants()).containsExactly(Quadrant.LEFT_LOWER);
        assertThat(across.slices().get(4).quadrants()).containsExactly(Quadrant.LEFT_UPPER);
    }

    @Test
    void lesionsOutsideTheLungsAreIgnored() {
        var r = RULE.apply(study(OUTSIDE, OUTSIDE, OUTSIDE, OUTSIDE));
        assertThat(r.positive()).isFalse();
        assertThat(r.slices().get(0).regions()).isEmpty();
        assertThat(r.slices().get(0).droppedOutsideLungs()).isEqualTo(9);
    }

    @Test
    void regionsSmallerThanTheMinimumAreIgnored() {
        boolean[] speck = new boolean[N * N];
        speck[15 * N + 8] = true;
        var r = RULE.apply(study(speck, speck, speck));
        assertThat(r.positive()).isFalse();
        assertThat(r.runs()).isEmpty();
    }
}
