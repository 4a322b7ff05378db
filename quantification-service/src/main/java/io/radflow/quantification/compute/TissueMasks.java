package io.radflow.quantification.compute;

/**
 * The label masks of one slice, row by row; any may be null when its label is absent (its tissues
 * are then reported with zero pixels). Not copied.
 *
 * @param muscle the skeletal muscle label (also the compartment of intermuscular fat)
 * @param subcutaneousFat the subcutaneous fat label
 * @param visceralFat the visceral fat label
 */
public record TissueMasks(boolean[] muscle, boolean[] subcutaneousFat, boolean[] visceralFat) {

    /** Masks from label bytes (non-zero inside), e.g. a SEG frame or a model's mask; null stays null. */
    public static TissueMasks ofBytes(byte[] muscle, byte[] subcutaneousFat, byte[] visceralFat) {
        return new TissueMasks(bits(muscle), bits(subcutaneousFat), bits(visceralFat));
    }

    private static boolean[] bits(byte[] b) {
        if (b == null) {
            return null;
        }
        boolean[] m = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            m[i] = b[i] != 0;
        }
        return m;
    }
}
