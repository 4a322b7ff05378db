package io.radflow.model.postprocess;

import io.radflow.model.manifest.OutputSpec.Activation;
import io.radflow.model.runtime.Tensor;

/** Output activations, applied to one batch item ({@code [C]} or {@code [C, H, W]}). */
public final class Activations {
    private Activations() {}

    /** {@code t} activated, channels along the first axis (a copy). */
    public static Tensor apply(Tensor t, Activation activation) {
        float[] v = t.data().clone();
        switch (activation) {
            case NONE -> {}
            case SIGMOID -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (1 / (1 + Math.exp(-v[i])));
                }
            }
            case SOFTMAX -> softmax(v, t.dim(0), v.length / t.dim(0));
        }
        return new Tensor(t.shape(), v);
    }

    /** Softmax over {@code channels} for each of {@code pixels} positions, max subtracted first. */
    private static void softmax(float[] v, int channels, int pixels) {
        double[] e = new double[channels];
        for (int p = 0; p < pixels; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                max = Math.max(max, v[c * pixels + p]);
            }
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                e[c] = Math.exp(v[c * pixels + p] - max); // once per element
                sum += e[c];
            }
            for (int c = 0; c < channels; c++) {
                v[c * pixels + p] = (float) (e[c] / sum);
            }
        }
    }
}
