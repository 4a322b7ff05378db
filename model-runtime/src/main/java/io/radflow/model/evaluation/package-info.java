/**
 * Metrics for evaluating models against ground truth (Dice, ROC AUC, box IoU hit rate), as the
 * model cards and CI's evaluation report them.
 */
package io.radflow.model.evaluation;
