package io.radflow.quantification.compute;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Height and weight with their source, and the indices computed from them: BMI = weight / height²
 * (kg/m²), SMI = skeletal muscle area / height² (cm²/m²).
 *
 * @param height height in metres, null when missing
 * @param weight weight in kg, null when missing
 * @param heightMissing why height is missing (null when present)
 * @param weightMissing why weight is missing (null when present)
 */
public record Anthropometrics(Value height, Value weight, String heightMissing, String weightMissing) {

    /** Plausible heights in metres. */
    public static final double MIN_HEIGHT_M = 0.3;

    public static final double MAX_HEIGHT_M = 2.5;
    /** Plausible weights in kg. */
    public static final double MIN_WEIGHT_KG = 0.5;

    public static final double MAX_WEIGHT_KG = 500;

    /** Where a value came from. */
    public enum Source {
        /** The image's Patient Size (0010,1020) or Patient Weight (0010,1030). */
        TAG,
        /** Entered by a person. */
        MANUAL
    }

    /**
     * A height or weight.
     *
     * @param value metres or kg
     * @param unit "m" or "kg"
     * @param source where it came from
     * @param enteredBy who entered it (MANUAL only)
     * @param enteredAt when it was entered, ISO-8601 (MANUAL only)
     */
    public record Value(double value, String unit, Source source, String enteredBy, String enteredAt) {}

    /** Height and weight from Patient Size and Patient Weight; absent, zero or implausible → missing. */
    public static Anthropometrics fromTags(Attributes ds) {
        double h = ds.getDouble(Tag.PatientSize, 0);
        double w = ds.getDouble(Tag.PatientWeight, 0);
        Value height = null;
        Value weight = null;
        String hm = null;
        String wm = null;
        if (!(h > 0)) {
            hm = "height missing: Patient Size (0010,1020) is " + (ds.containsValue(Tag.PatientSize) ? "0" : "absent")
                    + "; enter it by hand";
        } else if (h < MIN_HEIGHT_M || h > MAX_HEIGHT_M) {
            hm = "height missing: Patient Size (0010,1020) " + fmt(h) + " m is outside " + fmt(MIN_HEIGHT_M) + "–"
                    + fmt(MAX_HEIGHT_M) + " m; enter it by hand";
        } else {
            height = new Value(h, "m", Source.TAG, null, null);
        }
        if (!(w > 0)) {
            wm = "weight missing: Patient Weight (0010,1030) is "
                    + (ds.containsValue(Tag.PatientWeight) ? "0" : "absent") + "; enter it by hand";
        } else if (w < MIN_WEIGHT_KG || w > MAX_WEIGHT_KG) {
            wm = "weight missing: Patient Weight (0010,1030) " + fmt(w) + " kg is outside " + fmt(MIN_WEIGHT_KG) + "–"
                    + fmt(MAX_WEIGHT_KG) + " kg; enter it by hand";
        } else {
            weight = new Value(w, "kg", Source.TAG, null, null);
        }
        return new Anthropometrics(height, weight, hm, wm);
    }

    /** Neither height nor weight known. */
    public static Anthropometrics none() {
        return new Anthropometrics(null, null, "height missing: not recorded", "weight missing: not recorded");
    }

    /**
     * These values with a height entered by {@code who} at {@code when}.
     *
     * @throws ImplausibleValueException when the height is outside 0.3–2.5 m
     */
    public Anthropometrics withManualHeight(double metres, String who, Instant when) {
        checkHeight(metres);
        return new Anthropometrics(manual(metres, "m", who, when), weight, null, weightMissing);
    }

    /**
     * These values with a weight entered by {@code who} at {@code when}.
     *
     * @throws ImplausibleValueException when the weight is outside 0.5–500 kg
     */
    public Anthropometrics withManualWeight(double kg, String who, Instant when) {
        checkWeight(kg);
        return new Anthropometrics(height, manual(kg, "kg", who, when), heightMissing, null);
    }

    /** Refuses a height outside 0.3–2.5 m (e.g. 17 m, or 175 entered in cm). */
    public static void checkHeight(double metres) {
        if (!Double.isFinite(metres) || metres < MIN_HEIGHT_M || metres > MAX_HEIGHT_M) {
            String hint =
                    metres > 30 && metres <= 250 ? " (in metres, not centimetres: " + fmt(metres / 100) + "?)" : "";
            throw new ImplausibleValueException("height " + fmt(metres) + " m is not plausible: it must lie within "
                    + fmt(MIN_HEIGHT_M) + "–" + fmt(MAX_HEIGHT_M) + " m" + hint);
        }
    }

    /** Refuses a weight outside 0.5–500 kg (e.g. 0 kg). */
    public static void checkWeight(double kg) {
        if (!Double.isFinite(kg) || kg < MIN_WEIGHT_KG || kg > MAX_WEIGHT_KG) {
            throw new ImplausibleValueException("weight " + fmt(kg) + " kg is not plausible: it must lie within "
                    + fmt(MIN_WEIGHT_KG) + "–" + fmt(MAX_WEIGHT_KG) + " kg");
        }
    }

    /** BMI = weight / height² in kg/m², or why it is missing. */
    public DerivedValue bmi() {
        List<String> why = new ArrayList<>(2);
        if (height == null) {
            why.add(heightMissing);
        }
        if (weight == null) {
            why.add(weightMissing);
        }
        if (!why.isEmpty()) {
            return DerivedValue.missing("kg/m²", "BMI not computed: " + String.join("; ", why));
        }
        return DerivedValue.of(weight.value() / (height.value() * height.value()), "kg/m²");
    }

    /** SMI = skeletal muscle area / height² in cm²/m², or why it is missing. */
    public DerivedValue smi(double muscleAreaCm2) {
        if (height == null) {
            return DerivedValue.missing("cm²/m²", "SMI not computed: " + heightMissing);
        }
        return DerivedValue.of(muscleAreaCm2 / (height.value() * height.value()), "cm²/m²");
    }

    /** What is missing (height, weight), empty when both are known. */
    public List<String> missing() {
        List<String> out = new ArrayList<>(2);
        if (height == null) {
            out.add(heightMissing);
        }
        if (weight == null) {
            out.add(weightMissing);
        }
        return out;
    }

    private static Value manual(double v, String unit, String who, Instant when) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("a manually entered value needs who entered it");
        }
        if (when == null) {
            throw new IllegalArgumentException("a manually entered value needs when it was entered");
        }
        return new Value(v, unit, Source.MANUAL, who, when.toString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }
}
