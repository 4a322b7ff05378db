package io.radflow.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of the inference service ({@code radflow.inference.*}). */
@ConfigMapping(prefix = "radflow.inference")
public interface InferenceConfig {
    /** Folder of model plug-ins: one sub-folder per model with an ONNX file and its {@code manifest.json}. */
    @WithDefault("models")
    String modelDir();

    /** ONNX Runtime execution provider: {@code auto} (CUDA when present, else CPU), {@code cuda} or {@code cpu}. */
    @WithDefault("auto")
    String executionProvider();

    /** ONNX Runtime intra-op threads per model session; 0: the number of cores. */
    @WithDefault("0")
    int intraOpThreads();

    /** Kafka topic of study events this service consumes. */
    @WithDefault("radflow.study-events")
    String studyEventsTopic();

    /** Kafka consumer group (replicas share the work; KEDA scales on its lag). */
    @WithDefault("radflow-inference")
    String consumerGroup();

    /** Whether this instance consumes study events and runs jobs (false: API only). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Jobs run at once by this instance. */
    @WithDefault("1")
    int workers();

    /** Back-pressure: the consumer pauses while this many jobs wait or run. */
    @WithDefault("8")
    int maxPendingJobs();

    /** Tries of a job whose failure may pass (DICOMweb source or target down) before it fails. */
    @WithDefault("6")
    int maxAttempts();

    /** Delay before the first retry; doubled each time. */
    @WithDefault("PT5S")
    Duration retryBackoff();

    /** A running job whose instance stopped is queued again after this (other replicas' jobs). */
    @WithDefault("PT15M")
    Duration jobLease();

    /** Where images are read (WADO-RS) and results stored (STOW-RS). */
    Dicomweb dicomweb();

    /** Rules per pipeline (model id): {@code radflow.inference.pipelines."<id>".enabled} ... */
    Map<String, PipelineRule> pipelines();

    /** DICOMweb endpoints. */
    interface Dicomweb {
        /** DICOMweb root images are read from: Radflow's labeling-service, or any archive. */
        @WithDefault("http://127.0.0.1:${RADFLOW_LABELING_PORT:8080}/dicomweb")
        String url();

        /** DICOMweb root results are stored to (STOW-RS): ingest, so they are archived and announced. */
        @WithDefault("http://127.0.0.1:${RADFLOW_INGEST_PORT:8081}/dicomweb")
        String stowUrl();

        /** Whether requests carry the service's client-credentials token (off for an open archive). */
        @WithDefault("true")
        boolean serviceToken();
    }

    /** Routing rules of one pipeline. */
    interface PipelineRule {
        /** False switches the pipeline off. */
        @WithDefault("true")
        boolean enabled();

        /** A series must match this (case-insensitive regular expression). */
        Optional<String> seriesDescription();

        /** A series matching this is not taken. */
        Optional<String> excludeSeriesDescription();
    }
}
