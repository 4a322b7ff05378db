package io.radflow.model.testing;

import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelLoader;
import io.radflow.model.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model folders for tests: a manifest (text) and an ONNX file side by side. */
public final class TestModels {
    private TestModels() {}

    /**
     * Loads an identity model (input {@code image} to output {@code out}, both of {@code shape}) from
     * {@code <tmp>/models/<id>} with {@link #manifest}: the output is the preprocessed frame.
     */
    public static LoadedModel identity(Path tmp, String id, long[] shape, String steps, String kind, String post)
            throws Exception {
        Path onnx = OnnxGraphs.identity(tmp.resolve(id + ".onnx"), "image", "out", shape);
        return new ModelLoader(RuntimeOptions.defaults().withIntraOpThreads(1))
                .load(folder(tmp.resolve("models"), id, manifest(id, shape, steps, kind, post), onnx));
    }

    /** Writes {@code <root>/<id>/manifest.json} and copies {@code onnx} (if not null) beside it. */
    public static Path folder(Path root, String id, String manifest, Path onnx) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("manifest.json"), manifest);
        if (onnx != null) {
            Files.copy(onnx, dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /**
     * A valid manifest for a single-output model: {@code id}, input {@code image} of {@code shape}
     * (NCHW), the preprocessing steps {@code stepsJson} (a JSON array), one output {@code out} of
     * {@code kind} with activation none and one label (index 0, threshold 0.5), and {@code
     * postprocessing} (a JSON object).
     */
    public static String manifest(String id, long[] shape, String stepsJson, String kind, String postprocessing) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "version": "1.0.0",
                  "name": "Test model %s",
                  "demo": true,
                  "disclaimer": "Test model; not for clinical use.",
                  "task": "%s",
                  "applicability": {"modalities": ["CT", "DX"]},
                  "input": {"name": "image", "shape": [%d, %d, %d, %d], "dtype": "float32", "layout": "NCHW"},
                  "preprocessing": %s,
                  "outputs": [
                    {"name": "out", "kind": "%s", "activation": "none",
                     "labels": [{"index": 0, "label": "Lesion",
                                 "code": {"value": "112120", "scheme": "DCM", "meaning": "Ground glass opacity"},
                                 "color": [230, 80, 60], "threshold": 0.5}]}
                  ],
                  "postprocessing": %s,
                  "batchSize": 4
                }
                """
                .formatted(
                        id,
                        id,
                        kind.equals("classes")
                                ? "classification"
                                : kind.equals("heatmap") ? "detection" : "segmentation",
                        shape[0],
                        shape[1],
                        shape[2],
                        shape[3],
                        stepsJson,
                        kind,
                        postprocessing);
    }
}
