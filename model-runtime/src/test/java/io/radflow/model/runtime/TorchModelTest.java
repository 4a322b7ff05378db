package io.radflow.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.SegmentMask;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.testing.Python;
import io.radflow.model.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small conv net with known weights, exported by PyTorch ({@code export_models.py}), loaded
 * through its manifest: ONNX Runtime reproduces torch's outputs, softmax and argmax follow them,
 * batches and concurrent calls give the same predictions.
 */
class TorchModelTest {
    private static final String MANIFEST =
            """
            {
              "schemaVersion": 1, "id": "tinynet", "version": "0.1.0", "name": "Tiny net (test)", "demo": true,
              "disclaimer": "Test model; not for clinical use.", "task": "segmentation",
              "applicability": {"modalities": ["CT"]},
              "input": {"name": "image", "shape": [-1, 1, 32, 32], "dtype": "float32", "layout": "NCHW"},
              "preprocessing": [],
              "outputs": [
                {"name": "seg", "kind": "labelmap", "activation": "softmax", "labels": [
                  {"index": 1, "label": "Muscle", "code": {"value": "127954009", "scheme": "SCT", "meaning": "Skeletal muscle"}},
                  {"index": 2, "label": "SAT", "code": {"value": "67769002", "scheme": "SCT", "meaning": "Subcutaneous adipose tissue"}}]},
                {"name": "logits", "kind": "classes", "activation": "softmax", "labels": [
                  {"index": 0, "label": "Normal", "code": {"value": "17621005", "scheme": "SCT", "meaning": "Normal"}, "threshold": 0.3},
                  {"index": 2, "label": "Nodule", "code": {"value": "27925004", "scheme": "SCT", "meaning": "Nodule"}, "threshold": 0.3}]}
              ],
              "postprocessing": {"argmax": true},
              "batchSize": %d
            }
            """;

    @TempDir
    static Path tmp;

    static Path exported;
    static float[] input;
    static float[] torchSeg;
    static float[] torchLogits;

    @BeforeAll
    static void export() throws Exception {
        exported = Python.exportedModels();
        input = Python.readFloats(exported.resolve("tinynet-input.f32"));
        torchSeg = Python.readFloats(exported.resolve("tinynet-seg.f32"));
        torchLogits = Python.readFloats(exported.resolve("tinynet-logits.f32"));
    }

    private static LoadedModel load(String folder, int batchSize) throws Exception {
        Path dir = TestModels.folder(
                tmp.resolve(folder), "tinynet", MANIFEST.formatted(batchSize), exported.resolve("tinynet.onnx"));
        return new ModelLoader(RuntimeOptions.defaults().withIntraOpThreads(2)).load(dir);
    }

    private static List<SourceFrame> frames() {
        List<SourceFrame> frames = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            double[] v = new double[32 * 32];
            for (int i = 0; i < v.length; i++) {
                v[i] = input[k * v.length + i];
            }
            frames.add(SourceFrame.of(32, 32, v));
        }
        return frames;
    }

    @Test
    void onnxRuntimeReproducesTorch() throws Exception {
        try (LoadedModel m = load("a", 2)) {
            var out = m.run(new Tensor(new long[] {2, 1, 32, 32}, input));

            assertThat(out.get("seg").shape()).containsExactly(2, 3, 32, 32);
            assertThat(out.get("logits").shape()).containsExactly(2, 3);
            assertClose(out.get("seg").data(), torchSeg, 1e-5);
            assertClose(out.get("logits").data(), torchLogits, 1e-5);
        }
    }

    @Test
    void postprocessingFollowsTorchOutputs() throws Exception {
        try (LoadedModel m = load("b", 2)) {
            List<Prediction> p = m.predict(frames());

            for (int k = 0; k < 2; k++) {
                double[] softmax = softmax(Arrays.copyOfRange(torchLogits, k * 3, k * 3 + 3));
                assertThat(p.get(k).classScore("Normal").probability()).isCloseTo(softmax[0], within(1e-5));
                assertThat(p.get(k).classScore("Nodule").probability()).isCloseTo(softmax[2], within(1e-5));
                assertThat(p.get(k).classScore("Nodule").positive()).isEqualTo(softmax[2] >= 0.3);
                SegmentMask muscle = p.get(k).mask("Muscle");
                SegmentMask sat = p.get(k).mask("SAT");
                int n = 32 * 32;
                for (int i = 0; i < n; i++) {
                    float b = torchSeg[k * 3 * n + i];
                    float c1 = torchSeg[k * 3 * n + n + i];
                    float c2 = torchSeg[k * 3 * n + 2 * n + i];
                    if (Math.abs(c1 - c2) < 1e-4 || Math.abs(c1 - b) < 1e-4 || Math.abs(c2 - b) < 1e-4) {
                        continue; // near-tie: either answer is right
                    }
                    assertThat(muscle.pixels()[i] == 1).isEqualTo(c1 > b && c1 > c2);
                    assertThat(sat.pixels()[i] == 1).isEqualTo(c2 > b && c2 > c1);
                }
            }
        }
    }

    @Test
    void aSeriesRunKeepsMasksAndScoresButNoOutputPlanes() throws Exception {
        try (LoadedModel m = load("e", 2)) {
            List<Prediction> full = m.predict(frames());
            java.util.Map<String, Long> stages = new java.util.HashMap<>();
            List<Prediction> series = m.predict(frames(), (stage, nanos) -> stages.merge(stage, nanos, Long::sum));

            assertThat(stages).containsOnlyKeys("preprocess", "run", "postprocess");
            for (int k = 0; k < 2; k++) {
                // the label map is read by argmax without its softmax: the same masks
                assertThat(series.get(k).masks())
                        .usingRecursiveComparison()
                        .isEqualTo(full.get(k).masks());
                assertThat(series.get(k).classes())
                        .usingRecursiveComparison()
                        .isEqualTo(full.get(k).classes());
                assertThat(series.get(k).outputs()).containsOnlyKeys("logits");
                assertThat(full.get(k).outputs()).containsOnlyKeys("seg", "logits");
                assertThat(full.get(k).withoutMaps().outputs()).containsOnlyKeys("logits");
            }
        }
    }

    @Test
    void batchesAndConcurrentCallsGiveTheSamePredictions() throws Exception {
        try (LoadedModel batched = load("c", 8);
                LoadedModel single = load("d", 1)) {
            List<SourceFrame> frames = new ArrayList<>(frames());
            frames.addAll(frames());
            frames.add(frames.getFirst());
            List<Prediction> expected = single.predict(frames);
            assertThat(batched.predict(frames)).usingRecursiveComparison().isEqualTo(expected);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Prediction>>> runs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    runs.add(pool.submit(() -> batched.predict(frames)));
                }
                for (Future<List<Prediction>> f : runs) {
                    assertThat(f.get()).usingRecursiveComparison().isEqualTo(expected);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static double[] softmax(float[] x) {
        double max = Math.max(x[0], Math.max(x[1], x[2]));
        double[] e = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        assertThat(max).isLessThanOrEqualTo(tolerance);
    }
}
