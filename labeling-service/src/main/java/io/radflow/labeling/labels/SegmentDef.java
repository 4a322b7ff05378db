package io.radflow.labeling.labels;

import io.radflow.dicom.code.Code;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A segment of a label-set version, as the API and the stored version JSON carry it.
 *
 * @param number segment number (1..255 here)
 * @param label the name shown
 * @param category Segmented Property Category
 * @param type Segmented Property Type
 * @param rgb display colour (sRGB), or null
 * @param description free text, or null
 * @param model the model whose output this segment started from ({@code id version}), or null
 * @param editedWith the sources that changed its pixels since (manual, back-projection, ...), sorted
 */
public record SegmentDef(
        int number,
        String label,
        Code category,
        Code type,
        int[] rgb,
        String description,
        String model,
        Set<String> editedWith) {

    /** Segment numbers 1..255: a labelmap byte per pixel in the web app and the training export. */
    public static final int MAX_NUMBER = 255;

    /** Checks one segment; {@code category} and {@code type} default from {@link LabelVocabulary}. */
    public SegmentDef {
        if (number < 1 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("segment number " + number + " outside 1.." + MAX_NUMBER);
        }
        if (label == null || label.isBlank() || label.length() > 64) {
            throw new IllegalArgumentException("segment " + number + ": label must have 1..64 characters");
        }
        if (category == null || type == null) {
            LabelVocabulary.Entry known = LabelVocabulary.byLabel(label);
            if (known == null) {
                throw new IllegalArgumentException("segment " + number + " '" + label
                        + "': give category and type codes, or use a known label ("
                        + LabelVocabulary.labels() + ")");
            }
            category = category == null ? known.category() : category;
            type = type == null ? known.type() : type;
            rgb = rgb == null ? known.rgb() : rgb;
        }
        if (rgb != null && (rgb.length != 3 || !inByte(rgb))) {
            throw new IllegalArgumentException("segment " + number + ": rgb needs 3 values 0..255");
        }
        editedWith = editedWith == null ? Set.of() : Set.copyOf(new TreeSet<>(editedWith));
    }

    /** This segment, its pixels now also changed by {@code source}. */
    public SegmentDef editedBy(LabelSource source) {
        if (source == LabelSource.MODEL || source == LabelSource.IMPORTED_SEG || editedWith.contains(source.id())) {
            return this;
        }
        Set<String> s = new TreeSet<>(editedWith);
        s.add(source.id());
        return new SegmentDef(number, label, category, type, rgb, description, model, s);
    }

    /** The segment with that number in {@code list}, or null. */
    public static SegmentDef find(List<SegmentDef> list, int number) {
        return list.stream().filter(s -> s.number() == number).findFirst().orElse(null);
    }

    private static boolean inByte(int[] rgb) {
        for (int v : rgb) {
            if (v < 0 || v > 255) {
                return false;
            }
        }
        return true;
    }
}
