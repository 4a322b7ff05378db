package io.radflow.model.manifest;

/**
 * What is done with the outputs.
 *
 * @param argmax label maps: each pixel gets the channel with the highest score (0 = background);
 *     otherwise each label's channel is thresholded on its own (overlaps allowed)
 * @param minComponentPixels masks: 8-connected components smaller than this (in output pixels) are
 *     dropped
 * @param heatmapToBoxes heat maps to boxes, or null for none
 * @param bilinear label maps reach the source frame by bilinear interpolation of the activated
 *     channels at each source pixel centre (then argmax or threshold), instead of the output mask's
 *     nearest pixel
 */
public record Postprocessing(boolean argmax, int minComponentPixels, HeatmapToBoxes heatmapToBoxes, boolean bilinear) {

    /** No post-processing beyond activations and thresholds. */
    public static final Postprocessing NONE = new Postprocessing(false, 0, null, false);

    /** Without bilinear upsampling. */
    public Postprocessing(boolean argmax, int minComponentPixels, HeatmapToBoxes heatmapToBoxes) {
        this(argmax, minComponentPixels, heatmapToBoxes, false);
    }

    /**
     * Heat map to boxes: 8-connected components of {@code value >= threshold}.
     *
     * @param threshold on the activated heat map
     * @param minAreaPixels smaller components (in heat map pixels) are dropped
     */
    public record HeatmapToBoxes(double threshold, int minAreaPixels) {}
}
