package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BackProjection} on the mid-L3 slice of synthetic abdominal CTs: a sample square inside the
 * paraspinal or psoas muscle, window −29…150 HU, default parameters.
 */
class BackProjectionTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aMuscleSampleSelectsTheSkeletalMuscle(long seed) throws Exception {
        ToolCases.MuscleCase l3 = ToolCases.l3(seed, dir);
        HuFrame f = l3.frame();
        BackProjection.Params p = BackProjection.Params.of(l3.sample(), Tissue.MUSCLE_MIN_HU, Tissue.MUSCLE_MAX_HU);
        byte[] mask = BackProjection.apply(f, p);

        // Whole image: muscle is found; kidney and vessels (32 and 42 HU) cannot be told from it
        // by grey level, most bowel (20 HU) and the thin skin are dropped.
        double dice = ToolCases.dice(mask, l3.muscle());
        double recall = recall(mask, l3.muscle());
        // Restricted to the box of the paraspinal and psoas muscles (+5 px): what a user does to
        // keep organs out.
        Rect box = box(l3, Tissue.PARASPINAL_MUSCLE, Tissue.PSOAS);
        byte[] inBox = BackProjection.apply(f, p.within(box));
        byte[] truthInBox = restrict(l3.muscle(), box, f.columns());
        double diceInBox = ToolCases.dice(inBox, truthInBox);
        System.out.printf(
                "back projection seed %d sample %s: Dice %.4f (recall %.4f) whole image, %.4f within %s%n",
                seed, l3.sample(), dice, recall, diceInBox, box);
        assertThat(dice).as("Dice against all skeletal muscle").isGreaterThanOrEqualTo(0.9);
        assertThat(recall).as("fraction of the muscle found").isGreaterThanOrEqualTo(0.95);
        assertThat(diceInBox).as("Dice within %s", box).isGreaterThanOrEqualTo(0.95);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                assertThat(f.values()[i]).as("HU of selected pixel %d", i).isBetween(-29f, 150f);
                assertThat(Tissue.ofLabel(l3.labels()[i]).isFat())
                        .as("pixel %d is fat", i)
                        .isFalse();
            }
            if (inBox[i] != 0) {
                assertThat(box.contains(i / f.columns(), i % f.columns())).isTrue();
            }
        }
    }

    @Test
    void neverSelectsOutsideTheWindowEvenWhenTheSampleHoldsSuch() {
        // left half 40 ± 10, right half 300 ± 10 (outside the window); the sample covers both
        int rows = 64;
        int columns = 64;
        float[] v = new float[rows * columns];
        Random rnd = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((i % columns < 32 ? 40 : 300) + 10 * rnd.nextGaussian());
        }
        HuFrame f = new HuFrame(v, rows, columns);
        byte[] m = BackProjection.apply(
                f, new BackProjection.Params(new Rect(16, 16, 32, 32), -29, 150, 32, 0, 0, 0, null));
        int left = 0;
        for (int i = 0; i < m.length; i++) {
            if (i % columns < 32) {
                left += m[i];
            } else {
                assertThat(m[i]).as("pixel %d, %s HU", i, v[i]).isZero();
            }
        }
        // all but the far tails of the noise (grey levels absent from the sample)
        assertThat(left).isGreaterThan(32 * rows * 95 / 100);
    }

    @Test
    void selectsTheSampledIntensityNotItsNeighbours() {
        // three bands: 0, 60 and 120 HU (± 8); the sample is in the middle band
        int rows = 90;
        int columns = 40;
        float[] v = new float[rows * columns];
        Random rnd = new Random(2);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (60 * (i / columns / 30) + 8 * rnd.nextGaussian());
        }
        HuFrame f = new HuFrame(v, rows, columns);
        byte[] m = BackProjection.apply(f, BackProjection.Params.of(new Rect(10, 40, 20, 10), -100, 200));
        byte[] middle = new byte[v.length];
        for (int i = 30 * columns; i < 60 * columns; i++) {
            middle[i] = 1;
        }
        assertThat(ToolCases.dice(m, middle)).isGreaterThan(0.95);
    }

    private static double recall(byte[] mask, byte[] truth) {
        int found = 0;
        int all = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0) {
                all++;
                found += mask[i] != 0 ? 1 : 0;
            }
        }
        return (double) found / all;
    }

    private static Rect box(ToolCases.MuscleCase l3, Tissue... tissues) {
        byte[] m = new byte[l3.labels().length];
        for (int i = 0; i < m.length; i++) {
            for (Tissue t : tissues) {
                m[i] |= (byte) (l3.labels()[i] == t.label ? 1 : 0);
            }
        }
        int[] b = ToolCases.boundingBox(m, l3.frame().rows(), l3.frame().columns());
        return new Rect(b[1] - 5, b[0] - 5, b[3] - b[1] + 11, b[2] - b[0] + 11);
    }

    private static byte[] restrict(byte[] mask, Rect r, int columns) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = r.contains(i / columns, i % columns) ? mask[i] : 0;
        }
        return out;
    }
}
