/**
 * The manifest's post-processing: activations, class thresholds, label maps and masks (argmax or
 * thresholds, small components removed, resized back to the source frame), heat maps to boxes in
 * source pixel coordinates.
 */
package io.radflow.model.postprocess;
