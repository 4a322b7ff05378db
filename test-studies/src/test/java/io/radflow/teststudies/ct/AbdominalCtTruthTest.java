package io.radflow.teststudies.ct;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.ct.CtGroundTruth.SliceTruth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AbdominalCtTruthTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 42})
    void areasAreThePixelCountsOfTheLabelMapsTimesSpacingSquared(long seed) {
        CtSeries series = CtStudy.abdomen(seed, 20).primary();
        CtGeometry g = series.geometry();
        assertThat(g.pixelSpacing()).isBetween(0.7, 0.8);
        assertThat(g.sliceSpacing()).isBetween(2.5, 3.0);
        for (SliceTruth s : series.groundTruth().slices()) {
            int[] counts = new int[Tissue.values().length];
            for (byte b : series.labels(s.index())) {
                counts[b]++;
            }
            assertThat(s.pixelCounts()).containsExactly(counts);
            double ps = g.pixelSpacing();
            assertThat(s.areaCm2(Tissue.PSOAS)).isEqualTo(counts[Tissue.PSOAS.label] * ps * ps / 100);
            assertThat(s.z()).isEqualTo(g.z()[s.index()]);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7})
    void standardHuThresholdsClassifyMuscleAndFat(long seed) {
        CtSeries series = CtStudy.abdomen(seed, 20).primary();
        long muscle = 0;
        long muscleIn = 0;
        long fat = 0;
        long fatIn = 0;
        for (int i = 0; i < 20; i += 3) {
            byte[] labels = series.labels(i);
            short[] stored = series.storedValues(i, labels);
            for (int p = 0; p < labels.length; p++) {
                Tissue t = Tissue.ofLabel(labels[p]);
                int hu = stored[p] + CtSeries.RESCALE_INTERCEPT;
                if (t.isSkeletalMuscle()) {
                    muscle++;
                    muscleIn += hu >= Tissue.MUSCLE_MIN_HU && hu <= Tissue.MUSCLE_MAX_HU ? 1 : 0;
                } else if (t.isFat()) {
                    fat++;
                    fatIn += hu >= Tissue.FAT_MIN_HU && hu <= Tissue.FAT_MAX_HU ? 1 : 0;
                }
            }
        }
        assertThat(muscle).isGreaterThan(50_000);
        assertThat(fat).isGreaterThan(100_000);
        assertThat((double) muscleIn / muscle).isGreaterThanOrEqualTo(0.99);
        assertThat((double) fatIn / fat).isGreaterThanOrEqualTo(0.99);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 20, 60})
    void midL3SliceLiesInsideTheL3BodyAndIsTheNearestToItsMiddle(int slices) {
        for (long seed = 1; seed <= 5; seed++) {
            CtSeries series = CtStudy.abdomen(seed, slices).primary();
            CtGroundTruth truth = series.groundTruth();
            SpineSegment l3 = series.phantom().spine().get("L3");
            if (slices == 1 && !l3.contains(series.geometry().z()[0])) {
                assertThat(truth.l3SliceIndex()).isEqualTo(-1);
                continue;
            }
            SliceTruth s = truth.l3Slice();
            assertThat(s).as("seed %d", seed).isNotNull();
            assertThat(s.level()).isEqualTo("L3");
            assertThat(l3.contains(s.z())).isTrue();
            for (double z : series.geometry().z()) {
                assertThat(Math.abs(s.z() - l3.zMid())).isLessThanOrEqualTo(Math.abs(z - l3.zMid()));
            }
            assertThat(s.pixels(Tissue.BONE)).isPositive();
            assertThat(s.pixels(Tissue.PSOAS)).isPositive();
            assertThat(s.pixels(Tissue.PARASPINAL_MUSCLE)).isPositive();
            assertThat(s.pixels(Tissue.ABDOMINAL_WALL_MUSCLE)).isPositive();
            assertThat(s.skeletalMuscleAreaCm2()).isBetween(80.0, 250.0);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 9})
    void lumbarLevelsAreCountableAlongZ(long seed) {
        CtSeries series = CtStudy.abdomen(seed, 100).primary();
        CtGroundTruth truth = series.groundTruth();
        // Walking from the head down, the bony levels appear in order, each separated by a disc slice.
        List<String> bodies = new ArrayList<>();
        String previous = null;
        boolean sawDisc = true;
        for (SliceTruth s : truth.slices()) {
            boolean disc = s.pixels(Tissue.DISC) > 0;
            assertThat(disc).isEqualTo(s.level().contains("-"));
            if (disc) {
                sawDisc = true;
            } else if (!s.level().equals(previous)) {
                assertThat(sawDisc).as("disc before %s", s.level()).isTrue();
                bodies.add(s.level());
                previous = s.level();
                sawDisc = false;
            }
        }
        assertThat(bodies).containsSubsequence("L1", "L2", "L3", "L4", "L5");
        assertThat(truth.slices().stream().map(SliceTruth::level)).contains("L4-L5", "L2-L3");
    }

    @ParameterizedTest
    @ValueSource(longs = {5})
    void compartmentsAreRealistic(long seed) {
        CtSeries series = CtStudy.abdomen(seed, 100).primary();
        CtGroundTruth truth = series.groundTruth();
        SliceTruth l3 = truth.l3Slice();
        assertThat(l3.pixels(Tissue.SUBCUTANEOUS_FAT)).isPositive();
        assertThat(l3.pixels(Tissue.VISCERAL_FAT)).isPositive();
        assertThat(l3.pixels(Tissue.SPINAL_CANAL)).isPositive();
        assertThat(l3.pixels(Tissue.BOWEL) + l3.pixels(Tissue.BOWEL_GAS)).isPositive();
        assertThat(l3.pixels(Tissue.VESSEL)).isPositive();
        SliceTruth top = truth.slices().get(0);
        assertThat(top.pixels(Tissue.LIVER)).isPositive();
        assertThat(truth.slices().stream()
                        .mapToInt(s -> s.pixels(Tissue.KIDNEY))
                        .sum())
                .isPositive();
        assertThat(truth.slices().stream()
                        .mapToInt(s -> s.pixels(Tissue.BOWEL_GAS))
                        .sum())
                .isPositive();
    }
}
