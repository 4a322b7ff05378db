/**
 * Exports of labelled images: {@link io.radflow.labeling.export.TrainingSetWriter} streams a
 * de-identified training set (the training recipes' format, {@code models/training/README.md}) as a
 * ZIP.
 */
package io.radflow.labeling.export;
