package io.radflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Payload of {@code radflow.inference.completed} and {@code radflow.inference.failed} on topic
 * {@value InferenceEvents#TOPIC} (key StudyInstanceUID): one pipeline run on one study version.
 *
 * @param studyInstanceUID the study
 * @param studyVersion the study event version the run used
 * @param jobId the inference service's job id
 * @param pipeline the pipeline (the model id)
 * @param modelId the model's id
 * @param modelVersion the model's version
 * @param demoModel true for a demo model trained on synthetic studies (not for clinical use)
 * @param sourceSeriesInstanceUID the series the model ran on
 * @param resultSeriesInstanceUID the series of the results (completed only)
 * @param resultInstances SOP Instance UIDs with their SOP Class UIDs of the stored results
 * @param summary what a reader needs at a glance: the per-patient call, top findings with
 *     probabilities, the L3 slice suggestion (completed only)
 * @param reason why the run failed (failed only)
 * @param timingsMs milliseconds per stage (fetch, decode, preprocess, run, postprocess, encode, store)
 * @param executionProvider CPU or CUDA
 * @param finishedAt when the run ended
 */
public record InferenceEvent(
        String studyInstanceUID,
        int studyVersion,
        String jobId,
        String pipeline,
        String modelId,
        String modelVersion,
        boolean demoModel,
        String sourceSeriesInstanceUID,
        String resultSeriesInstanceUID,
        List<ResultInstance> resultInstances,
        Map<String, Object> summary,
        String reason,
        Map<String, Long> timingsMs,
        String executionProvider,
        Instant finishedAt)
        implements EventPayload {

    /** A stored result instance. */
    public record ResultInstance(String sopClassUID, String sopInstanceUID) {}

    public InferenceEvent {
        Objects.requireNonNull(studyInstanceUID, "studyInstanceUID");
        Objects.requireNonNull(pipeline, "pipeline");
        resultInstances = resultInstances == null ? List.of() : List.copyOf(resultInstances);
        summary = summary == null ? Map.of() : Map.copyOf(summary);
        timingsMs = timingsMs == null ? Map.of() : Map.copyOf(timingsMs);
    }

    /** {@link EventType#INFERENCE_FAILED} when a reason is given, else {@link EventType#INFERENCE_COMPLETED}. */
    public EventType eventType() {
        return reason == null ? EventType.INFERENCE_COMPLETED : EventType.INFERENCE_FAILED;
    }
}
