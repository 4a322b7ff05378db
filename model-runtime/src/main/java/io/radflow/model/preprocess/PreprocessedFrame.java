package io.radflow.model.preprocess;

/**
 * One frame ready for the model.
 *
 * @param values {@code C x H x W} (NCHW) or {@code H x W x C} (NHWC) float32 values, one batch item
 * @param geometry where the source frame lies in the input
 */
public record PreprocessedFrame(float[] values, Geometry geometry) {}
