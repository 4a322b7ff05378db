package io.radflow.quantification.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the quantification service ({@code radflow.quantification.*}). */
@io.smallrye.config.ConfigMapping(prefix = "radflow.quantification")
public interface QuantificationConfig {
    /** How the L3 slice is chosen: {@code auto} (the model's suggestion) unless an annotator picked one. */
    @WithDefault("auto")
    String l3Selection();

    /** Lower bound of skeletal muscle in HU (Alberta protocol). */
    @WithDefault("-29")
    int muscleMinHu();

    /** Upper bound of skeletal muscle in HU. */
    @WithDefault("150")
    int muscleMaxHu();

    /** Lower bound of adipose tissue in HU. */
    @WithDefault("-190")
    int fatMinHu();

    /** Upper bound of adipose tissue in HU. */
    @WithDefault("-30")
    int fatMaxHu();

    /** Kafka topic of the inference events this service consumes. */
    @WithDefault("radflow.inference-events")
    String inferenceEventsTopic();

    /** Kafka topic of the study events (a person's label SEG arriving makes a study updated). */
    @WithDefault("radflow.study-events")
    String studyEventsTopic();

    /** The inference pipeline whose SEG and L3 suggestion are measured. */
    @WithDefault("abdominal-ct-body-composition")
    String pipeline();

    /** Kafka consumer group. */
    @WithDefault("radflow-quantification")
    String consumerGroup();

    /** false: API only (no consumer, no worker). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Attempts of a measurement whose archive or ingest could not be reached. */
    @WithDefault("6")
    int maxAttempts();

    /** First retry delay (doubling). */
    @WithDefault("PT5S")
    Duration retryBackoff();

    /** DICOMweb source (SEG and CT slice) and STOW-RS target (the SR). */
    Dicomweb dicomweb();

    /** Where the service reads and stores DICOM. */
    interface Dicomweb {
        /** WADO-RS base (the labeling service, or any archive). */
        @WithDefault("http://127.0.0.1:${RADFLOW_LABELING_PORT:8080}/dicomweb")
        String url();

        /** STOW-RS base (ingest). */
        @WithDefault("http://127.0.0.1:${RADFLOW_INGEST_PORT:8081}/dicomweb")
        String stowUrl();

        /** Send the service's client-credentials token (false for an open archive). */
        @WithDefault("true")
        boolean serviceToken();
    }
}
