package io.radflow.labeling.labels;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The labels the product knows by name: their codes (as the inference SEGs write them), a default
 * colour, and the label name the models' training recipes read ({@code models/training/README.md}).
 */
public final class LabelVocabulary {
    private LabelVocabulary() {}

    /**
     * One known label.
     *
     * @param label the usual segment label
     * @param category Segmented Property Category
     * @param type Segmented Property Type
     * @param rgb default colour
     * @param trainingLabel the recipes' label name
     */
    public record Entry(String label, Code category, Code type, int[] rgb, String trainingLabel) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(
                    "Skeletal muscle", Codes.TISSUE, Codes.SKELETAL_MUSCLE, new int[] {220, 60, 60}, "skeletal_muscle"),
            new Entry(
                    "Subcutaneous fat",
                    Codes.TISSUE,
                    Codes.SUBCUTANEOUS_ADIPOSE_TISSUE,
                    new int[] {240, 200, 60},
                    "subcutaneous_fat"),
            new Entry(
                    "Visceral fat",
                    Codes.TISSUE,
                    Codes.VISCERAL_ADIPOSE_TISSUE,
                    new int[] {60, 180, 90},
                    "visceral_fat"),
            new Entry(
                    "Intermuscular fat",
                    Codes.TISSUE,
                    Codes.INTERMUSCULAR_ADIPOSE_TISSUE,
                    new int[] {160, 90, 200},
                    "intermuscular_fat"),
            new Entry("Lung", Codes.ANATOMICAL_STRUCTURE, Codes.LUNG, new int[] {80, 140, 230}, "lung"),
            new Entry(
                    "Ground glass opacity",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.GROUND_GLASS_OPACITY,
                    new int[] {250, 130, 40},
                    "ground_glass_opacity"),
            new Entry(
                    "Lesion",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.LESION,
                    new int[] {250, 80, 160},
                    "lesion"),
            new Entry(
                    "Nodule",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.NODULE,
                    new int[] {200, 40, 200},
                    "nodule"),
            new Entry(
                    "Pneumonia",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.PNEUMONIA,
                    new int[] {240, 90, 60},
                    "pneumonia"),
            new Entry(
                    "Tuberculosis",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.TUBERCULOSIS,
                    new int[] {200, 160, 40},
                    "tuberculosis"),
            new Entry(
                    "Pneumothorax",
                    Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    Codes.PNEUMOTHORAX,
                    new int[] {90, 200, 220},
                    "pneumothorax"));

    /** The entry whose label (or type meaning) equals {@code label} ignoring case, or null. */
    public static Entry byLabel(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        return ENTRIES.stream()
                .filter(e -> e.label().toLowerCase(Locale.ROOT).equals(l)
                        || e.type().meaning().toLowerCase(Locale.ROOT).equals(l)
                        || e.trainingLabel().equals(l))
                .findFirst()
                .orElse(null);
    }

    /** The entry of a property type code (value and scheme), or null. */
    public static Entry byType(Code type) {
        return ENTRIES.stream()
                .filter(e -> e.type().value().equals(type.value())
                        && e.type().scheme().equals(type.scheme()))
                .findFirst()
                .orElse(null);
    }

    /** The training label of a segment: its type's, else its label in snake case. */
    public static String trainingLabel(SegmentDef s) {
        Entry e = byType(s.type());
        if (e != null) {
            return e.trainingLabel();
        }
        return s.label().trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    /** The known labels, comma-separated. */
    public static String labels() {
        return ENTRIES.stream().map(Entry::label).collect(Collectors.joining(", "));
    }
}
