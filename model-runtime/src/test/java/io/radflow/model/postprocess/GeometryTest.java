package io.radflow.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boxes and masks go back to source pixel coordinates through resize and keepAspect padding: an
 * identity model returns the preprocessed frame as its heat map / label map, so the expected
 * geometry follows from the formulas of models/README.md alone.
 */
class GeometryTest {
    @TempDir
    Path tmp;

    private LoadedModel load(String id, long[] shape, String steps, String kind, String post) throws Exception {
        return TestModels.identity(tmp, id, shape, steps, kind, post);
    }

    /** A {@code w} x {@code h} frame of zeros with ones in {@code [x0, x1) x [y0, y1)}. */
    private static SourceFrame rectangle(int w, int h, int x0, int y0, int x1, int y1) {
        double[] v = new double[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                v[y * w + x] = 1;
            }
        }
        return SourceFrame.of(w, h, v);
    }

    @Test
    void heatmapBoxUndoesNearestResizeAndPadding() throws Exception {
        String steps =
                """
                [{"op": "resize", "width": 64, "height": 64, "interpolation": "nearest", "keepAspect": true}]""";
        try (LoadedModel m = load(
                "boxes",
                new long[] {-1, 1, 64, 64},
                steps,
                "heatmap",
                "{\"heatmapToBoxes\": {\"threshold\": 0.5, \"minAreaPixels\": 4}}")) {
            Prediction p = m.predict(rectangle(200, 100, 40, 20, 80, 40));

            // scale 0.32, image 64 x 32 at y offset 16; nearest keeps input columns 13..25, rows 7..12
            assertThat(p.geometry().scaleX()).isEqualTo(0.32);
            assertThat(p.geometry().offsetY()).isEqualTo(16);
            BoundingBox b = p.boxes().getFirst();
            assertThat(p.boxes()).hasSize(1);
            assertThat(b.x0()).isCloseTo(13 / 0.32, within(1e-9));
            assertThat(b.x1()).isCloseTo(26 / 0.32, within(1e-9));
            assertThat(b.y0()).isCloseTo(7 / 0.32, within(1e-9));
            assertThat(b.y1()).isCloseTo(13 / 0.32, within(1e-9));
            assertThat(b.areaPixels()).isEqualTo(13 * 6);
            assertThat(b.score()).isEqualTo(1.0);
            assertThat(b.label().label()).isEqualTo("Lesion");
            // within one source pixel per input pixel (1 / 0.32) of the truth
            BoundingBox truth = new BoundingBox(b.label(), 1, 40, 20, 80, 40, 0);
            assertThat(b.iou(truth)).isGreaterThan(0.8);
        }
    }

    @Test
    void heatmapBoxIsExactAfterBilinearUpsampling() throws Exception {
        String steps =
                """
                [{"op": "resize", "width": 100, "height": 100, "keepAspect": true, "padValue": 0}]""";
        try (LoadedModel m = load(
                "upsampled",
                new long[] {-1, 1, 100, 100},
                steps,
                "heatmap",
                "{\"heatmapToBoxes\": {\"threshold\": 0.5}}")) {
            Prediction p = m.predict(rectangle(50, 20, 10, 5, 20, 10));

            BoundingBox b = p.boxes().getFirst();
            assertThat(new double[] {b.x0(), b.y0(), b.x1(), b.y1()}).containsExactly(10, 5, 20, 10);
        }
    }

    @Test
    void maskIsMappedBackToTheSourceFrameAndSmallComponentsDropped() throws Exception {
        String steps =
                """
                [{"op": "resize", "width": 64, "height": 64, "interpolation": "nearest", "keepAspect": true}]""";
        try (LoadedModel m =
                load("masks", new long[] {-1, 1, 64, 64}, steps, "labelmap", "{\"minComponentPixels\": 4}")) {
            SourceFrame f = rectangle(200, 100, 40, 20, 80, 40);
            for (int y = 70; y < 73; y++) {
                for (int x = 150; x < 153; x++) {
                    f.stored()[y * 200 + x] = 1; // one input pixel after resizing: dropped
                }
            }
            SegmentMask mask = m.predict(f).mask("Lesion");

            assertThat(mask.width()).isEqualTo(200);
            assertThat(mask.height()).isEqualTo(100);
            // source column x reads input column floor((x + 0.5) * 0.32): 41..80; rows 22..40
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 200; x++) {
                    assertThat(mask.get(x, y)).as("(%d, %d)", x, y).isEqualTo(x >= 41 && x <= 80 && y >= 22 && y <= 40);
                }
            }
            assertThat(mask.area()).isEqualTo(40 * 19);
        }
    }

    @Test
    void fixedBatchGraphsGetPaddedBatches() throws Exception {
        try (LoadedModel m = load("fixed-batch", new long[] {4, 1, 8, 8}, "[]", "heatmap", "{}")) {
            List<SourceFrame> frames = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                double[] v = new double[64];
                v[k] = k + 1;
                frames.add(SourceFrame.of(8, 8, v));
            }
            List<Prediction> p = m.predict(frames);

            assertThat(m.batchSize()).isEqualTo(4);
            assertThat(p).hasSize(5);
            for (int k = 0; k < 5; k++) {
                float[] out = p.get(k).outputs().get("out").data();
                assertThat(out[k]).isEqualTo(k + 1);
                assertThat(p.get(k).outputs().get("out").shape()).containsExactly(1, 8, 8);
                // what a pipeline keeps of a 300-slice series: no per-pixel planes
                assertThat(p.get(k).withoutMaps().outputs()).isEmpty();
                assertThat(p.get(k).withoutMaps().boxes()).isEqualTo(p.get(k).boxes());
            }
        }
    }
}
