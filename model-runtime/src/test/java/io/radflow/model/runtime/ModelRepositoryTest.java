package io.radflow.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.model.testing.OnnxGraphs;
import io.radflow.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
    private static final long[] SHAPE = {-1, 1, 8, 8};
    private static final String STEPS = "[{\"op\": \"resize\", \"width\": 8, \"height\": 8}]";
    private static final String POST = "{\"heatmapToBoxes\": {\"threshold\": 0.5}}";

    @TempDir
    Path root;

    private Path identity;

    @BeforeEach
    void graph() throws Exception {
        identity = OnnxGraphs.identity(root.resolve("graphs/identity.onnx"), "image", "out", SHAPE);
    }

    private Path model(String id, String manifest, Path onnx) throws Exception {
        return TestModels.folder(root.resolve("models"), id, manifest, onnx);
    }

    private static String manifest(String id) {
        return TestModels.manifest(id, SHAPE, STEPS, "heatmap", POST);
    }

    @Test
    void badModelsAreReportedWithFieldAndTheOthersLoad() throws Exception {
        model("good", manifest("good"), identity);
        model(
                "wrong-input-name",
                manifest("wrong-input-name"),
                OnnxGraphs.identity(root.resolve("graphs/a.onnx"), "pixels", "out", SHAPE));
        model(
                "wrong-shape",
                manifest("wrong-shape"),
                OnnxGraphs.identity(root.resolve("graphs/b.onnx"), "image", "out", -1, 1, 16, 16));
        model(
                "wrong-dtype",
                manifest("wrong-dtype"),
                OnnxGraphs.identity(root.resolve("graphs/c.onnx"), "image", "out", SHAPE, OnnxGraphs.INT64));
        model(
                "wrong-output",
                manifest("wrong-output"),
                OnnxGraphs.identity(root.resolve("graphs/d.onnx"), "image", "heat", SHAPE));
        model("missing-field", manifest("missing-field").replace("\"task\": \"detection\",", ""), identity);
        model("no-onnx", manifest("no-onnx"), null);
        Path corrupt = model("corrupt-onnx", manifest("corrupt-onnx"), null);
        Files.writeString(corrupt.resolve("model.onnx"), "not a protobuf");
        Files.createDirectories(root.resolve("models/training")); // recipes folder: not a model

        try (ModelRepository repo = ModelRepository.load(root.resolve("models"), RuntimeOptions.defaults())) {
            assertThat(repo.models()).extracting(LoadedModel::id).containsExactly("good");
            Map<String, LoadFailure> failures = new java.util.HashMap<>();
            repo.failures().forEach(f -> failures.put(f.modelId(), f));
            assertThat(failures)
                    .containsOnlyKeys(
                            "wrong-input-name",
                            "wrong-shape",
                            "wrong-dtype",
                            "wrong-output",
                            "missing-field",
                            "no-onnx",
                            "corrupt-onnx");
            assertThat(failures.get("wrong-input-name").field()).isEqualTo("$.input.name");
            assertThat(failures.get("wrong-input-name").message())
                    .startsWith("model 'wrong-input-name': $.input.name: 'image' is not an input of model.onnx")
                    .contains("[pixels]");
            assertThat(failures.get("wrong-shape").field()).isEqualTo("$.input.shape[2]");
            assertThat(failures.get("wrong-shape").message()).contains("8 but model.onnx", "[-1, 1, 16, 16]");
            assertThat(failures.get("wrong-dtype").field()).isEqualTo("$.input.dtype");
            assertThat(failures.get("wrong-output").field()).isEqualTo("$.outputs[0].name");
            assertThat(failures.get("missing-field").field()).isEqualTo("$.task");
            assertThat(failures.get("no-onnx").field()).isEqualTo("model.onnx");
            assertThat(failures.get("corrupt-onnx").field()).isEqualTo("model.onnx");
            assertThat(failures.get("corrupt-onnx").message()).contains("ONNX Runtime cannot load it");
        }
    }

    @Test
    void labelIndexBeyondTheOutputsChannelsIsNamed() throws Exception {
        model("two-labels", manifest("two-labels").replace("\"index\": 0", "\"index\": 1"), identity);

        try (ModelRepository repo = ModelRepository.load(root.resolve("models"), RuntimeOptions.defaults())) {
            assertThat(repo.failures()).singleElement().satisfies(f -> {
                assertThat(f.field()).isEqualTo("$.outputs[0].labels[0].index");
                assertThat(f.message()).contains("1 but output 'out' has 1 channels");
            });
        }
    }

    @Test
    void cudaRequestedOnTheCpuJarFallsBackToCpuAndSaysWhy() throws Exception {
        model("good", manifest("good"), identity);

        try (ModelRepository repo = ModelRepository.load(
                root.resolve("models"),
                RuntimeOptions.defaults().withIntraOpThreads(1).withCuda(0))) {
            LoadedModel m = repo.model("good").orElseThrow();
            assertThat(m.provider().isCuda()).isFalse();
            assertThat(m.provider().name()).isEqualTo(ExecutionProvider.CPU);
            assertThat(m.provider().reason()).startsWith("CUDA unavailable, running on CPU: ");
            Tensor in = new Tensor(new long[] {1, 1, 8, 8}, new float[64]);
            in.data()[9] = 3;
            assertThat(m.run(in).get("out")).isEqualTo(in);
        }
    }

    @Test
    void cpuByDefault() throws Exception {
        model("good", manifest("good"), identity);

        try (ModelRepository repo = ModelRepository.load(root.resolve("models"), RuntimeOptions.defaults())) {
            assertThat(repo.model("good").orElseThrow().provider().reason()).contains("not requested");
            assertThat(repo.failures()).isEmpty();
        }
    }

    @Test
    void emptyDirectoryLoadsNothing() throws Exception {
        Files.createDirectories(root.resolve("models"));
        try (ModelRepository repo = ModelRepository.load(root.resolve("models"), RuntimeOptions.defaults())) {
            assertThat(repo.models()).isEmpty();
            assertThat(repo.failures()).isEmpty();
            assertThat(ModelRepository.modelFolders(root.resolve("models"))).isEqualTo(List.of());
        }
    }
}
