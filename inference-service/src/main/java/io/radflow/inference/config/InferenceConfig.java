package io.radflow.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the inference service ({@code radflow.inference.*}). */
@ConfigMapping(prefix = "radflow.inference")
public interface InferenceConfig {
    /** Folder of model plug-ins: one sub-folder per model with an ONNX file and its {@code manifest.json}. */
    @WithDefault("models")
    String modelDir();

    /** ONNX Runtime execution provider: {@code auto} (CUDA when present, else CPU), {@code cuda} or {@code cpu}. */
    @WithDefault("auto")
    String executionProvider();

    /** Kafka topic of study events this service consumes. */
    @WithDefault("radflow.study-events")
    String studyEventsTopic();
}
