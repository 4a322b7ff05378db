/**
 * Pipeline post-processing that is more than the model's manifest declares: the chest CT lesion rule
 * (lung masking, quadrants, three consecutive slices), and what each pipeline turns into results.
 */
package io.radflow.inference.pipeline;
