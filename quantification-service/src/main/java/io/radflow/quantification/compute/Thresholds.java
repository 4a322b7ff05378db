package io.radflow.quantification.compute;

/**
 * Hounsfield unit ranges (both ends inclusive) that decide which labelled pixels count: skeletal
 * muscle within the muscle range, subcutaneous, visceral and intermuscular fat within the adipose
 * range.
 *
 * @param muscleMinHu lowest HU counted as skeletal muscle
 * @param muscleMaxHu highest HU counted as skeletal muscle
 * @param adiposeMinHu lowest HU counted as adipose tissue
 * @param adiposeMaxHu highest HU counted as adipose tissue
 */
public record Thresholds(double muscleMinHu, double muscleMaxHu, double adiposeMinHu, double adiposeMaxHu) {

    /**
     * The Alberta protocol (Mitsiopoulos et al., J Appl Physiol 1998; Mourtzakis et al., Appl Physiol
     * Nutr Metab 2008): skeletal muscle −29…+150 HU, adipose tissue −190…−30 HU.
     */
    public static final Thresholds ALBERTA = new Thresholds(-29, 150, -190, -30);

    /** Validates: finite bounds, min below max. */
    public Thresholds {
        check("muscle", muscleMinHu, muscleMaxHu);
        check("adipose", adiposeMinHu, adiposeMaxHu);
    }

    /** The Alberta protocol, the default. */
    public static Thresholds alberta() {
        return ALBERTA;
    }

    /** True when {@code hu} lies in the muscle range. */
    public boolean isMuscle(double hu) {
        return hu >= muscleMinHu && hu <= muscleMaxHu;
    }

    /** True when {@code hu} lies in the adipose range. */
    public boolean isAdipose(double hu) {
        return hu >= adiposeMinHu && hu <= adiposeMaxHu;
    }

    private static void check(String what, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(what + " HU range must be finite: " + min + "…" + max);
        }
        if (min >= max) {
            throw new IllegalArgumentException(what + " HU range: minimum " + min + " must be below maximum " + max);
        }
    }
}
