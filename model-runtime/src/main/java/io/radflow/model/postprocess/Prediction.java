package io.radflow.model.postprocess;

import io.radflow.model.preprocess.Geometry;
import io.radflow.model.runtime.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What a model says about one frame.
 *
 * @param modelId the model
 * @param geometry where the frame lay in the model input
 * @param classes scores of {@code classes} outputs, in manifest label order
 * @param masks masks of {@code labelmap} outputs on the source frame
 * @param boxes boxes from {@code heatmap} outputs in source pixel coordinates, by score descending
 * @param outputs every manifest output for this frame after its activation (batch axis removed)
 */
public record Prediction(
        String modelId,
        Geometry geometry,
        List<ClassScore> classes,
        List<SegmentMask> masks,
        List<BoundingBox> boxes,
        Map<String, Tensor> outputs) {

    public Prediction {
        classes = List.copyOf(classes);
        masks = List.copyOf(masks);
        boxes = List.copyOf(boxes);
        outputs = Map.copyOf(outputs);
    }

    /** The score of the class labelled {@code label}, or null. */
    public ClassScore classScore(String label) {
        return classes.stream()
                .filter(c -> c.label().label().equals(label))
                .findFirst()
                .orElse(null);
    }

    /** The mask labelled {@code label}, or null. */
    public SegmentMask mask(String label) {
        return masks.stream()
                .filter(m -> m.label().label().equals(label))
                .findFirst()
                .orElse(null);
    }
}
