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

    /**
     * This prediction without its per-pixel output tensors (labelmaps, heatmaps: two float planes of
     * 512² are 2 MB a frame, 600 MB for a 300-slice CT), which its masks and boxes already summarise;
     * vectors (class scores) stay.
     */
    public Prediction withoutMaps() {
        Map<String, Tensor> small = new java.util.LinkedHashMap<>();
        outputs.forEach((name, t) -> {
            if (t.shape().length <= 1) {
                small.put(name, t);
            }
        });
        return small.size() == outputs.size() ? this : new Prediction(modelId, geometry, classes, masks, boxes, small);
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
