package io.radflow.dicom.seg;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import java.util.Objects;

/**
 * One segment of a segmentation (an item of Segment Sequence, PS3.3 C.8.20.2).
 *
 * @param number Segment Number, 1..n in the order of the segment sequence
 * @param label Segment Label (shown by viewers)
 * @param category Segmented Property Category (e.g. Tissue, Morphologically Abnormal Structure)
 * @param type Segmented Property Type (e.g. Skeletal muscle, Ground glass opacity)
 * @param anatomicRegion Anatomic Region, or null
 * @param algorithmType how the segment was made
 * @param algorithmName the algorithm's name (a model id), required unless MANUAL
 * @param algorithmVersion the algorithm's version, or null
 * @param algorithmFamily the algorithm family (CID 7162: Artificial Intelligence, Histogram Analysis,
 *     ...), or null: Artificial Intelligence for AUTOMATIC, none otherwise
 * @param rgb recommended display colour (sRGB 0..255), written as CIELab
 * @param description Segment Description, or null
 */
public record Segment(
        int number,
        String label,
        Code category,
        Code type,
        Code anatomicRegion,
        AlgorithmType algorithmType,
        String algorithmName,
        String algorithmVersion,
        Code algorithmFamily,
        int[] rgb,
        String description) {

    /** Checks what the standard requires of a segment. */
    public Segment {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("segment number " + number + " outside 1..65535");
        }
        if (label == null || label.isBlank() || label.length() > 64) {
            throw new IllegalArgumentException("segment " + number + ": label must have 1..64 characters");
        }
        Objects.requireNonNull(category, "segment " + number + ": property category");
        Objects.requireNonNull(type, "segment " + number + ": property type");
        Objects.requireNonNull(algorithmType, "segment " + number + ": algorithm type");
        if (algorithmType != AlgorithmType.MANUAL && (algorithmName == null || algorithmName.isBlank())) {
            throw new IllegalArgumentException("segment " + number + ": algorithm name required for " + algorithmType);
        }
        if (rgb != null && rgb.length != 3) {
            throw new IllegalArgumentException("segment " + number + ": colour needs 3 components");
        }
    }

    /** The algorithm family written: the given one, else Artificial Intelligence for AUTOMATIC. */
    public Code family() {
        if (algorithmFamily != null) {
            return algorithmFamily;
        }
        return algorithmType == AlgorithmType.AUTOMATIC ? Codes.ARTIFICIAL_INTELLIGENCE : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s
                && number == s.number
                && label.equals(s.label)
                && category.equals(s.category)
                && type.equals(s.type)
                && Objects.equals(anatomicRegion, s.anatomicRegion)
                && algorithmType == s.algorithmType
                && Objects.equals(algorithmName, s.algorithmName)
                && Objects.equals(algorithmVersion, s.algorithmVersion)
                && Objects.equals(algorithmFamily, s.algorithmFamily)
                && java.util.Arrays.equals(rgb, s.rgb)
                && Objects.equals(description, s.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, label, type);
    }
}
