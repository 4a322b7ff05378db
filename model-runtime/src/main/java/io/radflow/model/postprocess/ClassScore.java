package io.radflow.model.postprocess;

import io.radflow.model.manifest.LabelSpec;

/**
 * One class of a {@code classes} output.
 *
 * @param label the manifest's label
 * @param probability the activated score
 * @param positive {@code probability >= label.threshold()}
 */
public record ClassScore(LabelSpec label, double probability, boolean positive) {}
