package io.radflow.model.manifest;

import java.util.List;

/**
 * One ONNX output the runtime reads.
 *
 * @param name ONNX output name
 * @param kind how to read it
 * @param activation applied before thresholds
 * @param labels its classes or channels
 */
public record OutputSpec(String name, Kind kind, Activation activation, List<LabelSpec> labels) {

    public OutputSpec {
        labels = List.copyOf(labels);
    }

    /** The label of channel {@code index}, or null. */
    public LabelSpec label(int index) {
        return labels.stream().filter(l -> l.index() == index).findFirst().orElse(null);
    }

    /** Output tensor kinds. */
    public enum Kind {
        /** {@code [N, C]} scores per class. */
        CLASSES,
        /** {@code [N, C, H, W]} per-pixel class scores (segmentation). */
        LABELMAP,
        /** {@code [N, C, H, W]} localisation heat maps (detection). */
        HEATMAP;

        /** Rank of the output tensor. */
        public int rank() {
            return this == CLASSES ? 2 : 4;
        }

        static Kind of(String json) {
            return valueOf(json.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Activation applied to the raw output. */
    public enum Activation {
        /** {@code 1 / (1 + exp(-x))} per value. */
        SIGMOID,
        /** {@code exp(x_c - max) / sum_k exp(x_k - max)} over the channel axis. */
        SOFTMAX,
        NONE;

        static Activation of(String json) {
            return json == null ? NONE : valueOf(json.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
