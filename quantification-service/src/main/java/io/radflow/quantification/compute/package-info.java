/**
 * Body composition at L3 as plain computation: HU thresholds, per-tissue areas and HU statistics of a
 * slice and its masks, height, weight, BMI and SMI with their sources, sarcopenia reference cut-offs,
 * and the JSON-friendly result. No CDI, no I/O besides reading a slice from a data set.
 */
package io.radflow.quantification.compute;
