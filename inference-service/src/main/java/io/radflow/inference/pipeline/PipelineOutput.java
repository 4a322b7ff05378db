package io.radflow.inference.pipeline;

import io.radflow.dicom.data.Attributes;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline made: the DICOM objects to store (SEG, SR) and a summary for the completion event
 * and the API (per-patient call, findings with probabilities, the L3 slice suggestion).
 *
 * @param objects the result objects, all of one new series
 * @param summary JSON-able summary
 */
public record PipelineOutput(List<Attributes> objects, Map<String, Object> summary) {
    public PipelineOutput {
        objects = List.copyOf(objects);
        summary = Map.copyOf(summary);
    }
}
