package io.radflow.model.manifest;

import java.util.List;
import java.util.Map;

/**
 * A model plug-in's manifest, as validated by {@code models/manifest.schema.json}. Field by field
 * documentation: {@code models/README.md}.
 *
 * @param schemaVersion manifest format version (1)
 * @param id the model's folder name, {@code [a-z0-9-]+}
 * @param version semantic version of the model
 * @param name human-readable name
 * @param demo true for Radflow's own synthetic-trained demo models
 * @param disclaimer shown with every result (required for demo models)
 * @param task what the model does
 * @param applicability which images it may run on
 * @param input the ONNX input tensor
 * @param preprocessing steps applied in order to each 2D frame
 * @param outputs the ONNX output tensors read, with their labels
 * @param postprocessing what is done with the outputs
 * @param batchSize preferred number of frames per run
 * @param metrics the model card's headline numbers, or null
 * @param training how it was trained (free-form), or an empty map
 */
public record ModelManifest(
        int schemaVersion,
        String id,
        String version,
        String name,
        boolean demo,
        String disclaimer,
        Task task,
        Applicability applicability,
        InputSpec input,
        List<PreprocessStep> preprocessing,
        List<OutputSpec> outputs,
        Postprocessing postprocessing,
        int batchSize,
        Metrics metrics,
        Map<String, Object> training,
        L3Finder l3) {

    /** The batch size used when the manifest gives none. */
    public static final int DEFAULT_BATCH_SIZE = 1;

    public ModelManifest {
        preprocessing = List.copyOf(preprocessing);
        outputs = List.copyOf(outputs);
        training = training == null ? Map.of() : Map.copyOf(training);
    }

    /**
     * How a body-composition model's per-slice vertebral levels give the L3 slice (method {@code
     * vertebralBodyRuns}, models/README.md).
     *
     * @param output the classes output of the level per slice
     * @param method the method
     * @param discIndex label index meaning "no vertebral body" (a disc)
     * @param l3Index label index of L3
     * @param levelOrder label indices of the levels, superior to inferior
     * @param bodyThreshold a slice shows a vertebral body when 1 - p(disc) is at least this
     * @param code the coded concept of L3, or null
     */
    public record L3Finder(
            String output,
            String method,
            int discIndex,
            int l3Index,
            List<Integer> levelOrder,
            double bodyThreshold,
            CodedConcept code) {
        public L3Finder {
            levelOrder = List.copyOf(levelOrder);
        }
    }

    /** The output named {@code name}, or null. */
    public OutputSpec output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    /** What a model does. */
    public enum Task {
        CLASSIFICATION,
        SEGMENTATION,
        DETECTION;

        static Task of(String json) {
            return valueOf(json.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The manifest's headline metrics.
     *
     * @param evaluatedOn what they were measured on
     * @param values metric name to value
     */
    public record Metrics(String evaluatedOn, Map<String, Double> values) {
        public Metrics {
            values = Map.copyOf(values);
        }
    }
}
