package io.radflow.model.postprocess;

import io.radflow.model.manifest.LabelSpec;

/**
 * A box around one heat-map component, in source frame pixel coordinates: pixel {@code (i, j)}
 * spans {@code [i, i+1) x [j, j+1)}, so a box around pixels 10..19 has {@code x0 = 10, x1 = 20}.
 *
 * @param label the manifest's label of the heat-map channel
 * @param score the highest activated heat-map value in the component
 * @param x0 left edge
 * @param y0 top edge
 * @param x1 right edge (exclusive)
 * @param y1 bottom edge (exclusive)
 * @param areaPixels the component's area in heat-map pixels
 */
public record BoundingBox(LabelSpec label, double score, double x0, double y0, double x1, double y1, int areaPixels) {

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    /** Intersection over union with {@code o}. */
    public double iou(BoundingBox o) {
        double w = Math.max(0, Math.min(x1, o.x1) - Math.max(x0, o.x0));
        double h = Math.max(0, Math.min(y1, o.y1) - Math.max(y0, o.y0));
        double inter = w * h;
        double union = width() * height() + o.width() * o.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
