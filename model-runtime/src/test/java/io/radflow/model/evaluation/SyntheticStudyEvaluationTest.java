package io.radflow.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.testing.TestModels;
import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on a "model" whose answer is known: an identity graph behind a step window at
 * −500 HU segments the body (everything but air, bowel gas and lung) almost perfectly.
 */
class SyntheticStudyEvaluationTest {
    @TempDir
    Path tmp;

    private LoadedModel identity(String id, long[] shape, String steps, String kind, String post) throws Exception {
        return TestModels.identity(tmp, id, shape, steps, kind, post);
    }

    @Test
    void diceOfAThresholdBodySegmentation() throws Exception {
        String steps =
                """
                [{"op": "modalityLut"}, {"op": "window", "center": -500, "width": 1},
                 {"op": "resize", "width": 256, "height": 256, "interpolation": "nearest"}]""";
        try (LoadedModel m = identity("body", new long[] {-1, 1, 256, 256}, steps, "labelmap", "{}")) {
            Set<Tissue> body = EnumSet.complementOf(EnumSet.of(Tissue.AIR, Tissue.BOWEL_GAS, Tissue.LUNG));
            Map<String, Double> r = SyntheticStudyEvaluation.abdominalCtDice(
                    m, Map.of("Lesion", body), 9000, 2, 3, tmp.resolve("studies"));

            assertThat(r).containsOnlyKeys("diceLesion");
            assertThat(r.get("diceLesion")).isGreaterThan(0.97);
        }
    }

    @Test
    void chestRadiographMetricsAreComputed() throws Exception {
        String steps =
                """
                [{"op": "modalityLut"}, {"op": "normalizeRange"},
                 {"op": "resize", "width": 128, "height": 128, "keepAspect": true}]""";
        try (LoadedModel m = identity(
                "dx",
                new long[] {-1, 1, 128, 128},
                steps,
                "heatmap",
                "{\"heatmapToBoxes\": {\"threshold\": 0.9, \"minAreaPixels\": 4}}")) {
            Map<String, Double> r = SyntheticStudyEvaluation.chestRadiographs(m, "Lesion", 9100, 4, tmp.resolve("dx"));

            assertThat(r).containsOnlyKeys("auc", "boxHitRate");
            assertThat(r.get("auc")).isBetween(0.0, 1.0);
            assertThat(r.get("boxHitRate")).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertThat(Metrics.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isCloseTo(0.75, within(1e-12));
        assertThat(Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {true, false}))
                .isEqualTo(0.5);
        assertThat(Metrics.auc(new double[] {0.5}, new boolean[] {true})).isNaN();
        assertThat(Metrics.dice(new byte[] {1, 1, 0, 0}, new byte[] {1, 0, 1, 0}))
                .isEqualTo(0.5);
        assertThat(Metrics.dice(new byte[2], new byte[2])).isEqualTo(1.0);
    }
}
