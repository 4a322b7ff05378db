package io.radflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Payload of {@code radflow.quantification.completed} and {@code radflow.quantification.failed} on
 * topic {@value QuantificationEvents#TOPIC} (key StudyInstanceUID): one body-composition measurement
 * of a study.
 *
 * @param studyInstanceUID the study
 * @param measurementId the quantification service's measurement id
 * @param version the study's measurement version (1, 2, …: each recomputation stores a new SR); 0 when it failed
 * @param trigger what started it: {@code inference}, {@code anthropometrics} (height or weight
 *     entered), {@code l3} (an annotator picked the slice), {@code labels} (a person's SEG arrived),
 *     {@code recompute}
 * @param segSopInstanceUID the SEG the masks came from
 * @param l3SopInstanceUID the slice measured
 * @param l3Source {@code model} or {@code annotator}
 * @param srSeriesInstanceUID the SR's series (completed only)
 * @param srSopInstanceUID the stored SR (completed only)
 * @param values areas (cm²), mean HU, SMI (cm²/m²), BMI (kg/m²), height and weight with their
 *     sources (completed only)
 * @param missing what could not be computed and why (e.g. BMI: no weight)
 * @param demo true when the masks come from a demo model (not for clinical use)
 * @param reason why the measurement failed (failed only)
 * @param finishedAt when it ended
 */
public record QuantificationEvent(
        String studyInstanceUID,
        String measurementId,
        int version,
        String trigger,
        String segSopInstanceUID,
        String l3SopInstanceUID,
        String l3Source,
        String srSeriesInstanceUID,
        String srSopInstanceUID,
        Map<String, Object> values,
        List<String> missing,
        boolean demo,
        String reason,
        Instant finishedAt)
        implements EventPayload {

    public QuantificationEvent {
        Objects.requireNonNull(studyInstanceUID, "studyInstanceUID");
        values = values == null ? Map.of() : Map.copyOf(values);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** {@link EventType#QUANTIFICATION_FAILED} when a reason is given, else completed. */
    public EventType eventType() {
        return reason == null ? EventType.QUANTIFICATION_COMPLETED : EventType.QUANTIFICATION_FAILED;
    }
}
