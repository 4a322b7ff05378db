package io.radflow.model.manifest;

/**
 * One class or channel of an output.
 *
 * @param index channel index in the output tensor
 * @param label display name
 * @param code the coded concept written into SEG / SR results
 * @param color display colour (RGB 0..255), or null
 * @param threshold decision threshold on the activated value ({@link #DEFAULT_THRESHOLD} if absent)
 */
public record LabelSpec(int index, String label, CodedConcept code, int[] color, double threshold) {

    public static final double DEFAULT_THRESHOLD = 0.5;

    public LabelSpec {
        color = color == null ? null : color.clone();
    }

    @Override
    public int[] color() {
        return color == null ? null : color.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSpec l && l.index == index && l.label.equals(label) && l.code.equals(code);
    }

    @Override
    public int hashCode() {
        return index * 31 + label.hashCode();
    }

    @Override
    public String toString() {
        return "LabelSpec[" + index + " " + label + " " + code + "]";
    }
}
