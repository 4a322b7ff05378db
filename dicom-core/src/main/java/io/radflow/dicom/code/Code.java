package io.radflow.dicom.code;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.util.Objects;

/**
 * A coded concept (PS3.3 Table 8.8-1 Code Sequence Macro): code value, coding scheme designator,
 * code meaning and, optionally, the coding scheme version. Two codes are the same concept when value
 * and scheme are equal; the meaning is display text and takes no part in {@link #equals}.
 *
 * @param value the code value; longer than 16 characters it is written as Long Code Value, a URN or
 *     URL as URN Code Value
 * @param scheme the coding scheme designator ("SCT", "DCM", "UCUM", {@value #RADFLOW_SCHEME}, ...)
 * @param meaning the code meaning
 * @param schemeVersion the coding scheme version, or null
 */
public record Code(String value, String scheme, String meaning, String schemeVersion) {
    /** Radflow's private coding scheme, for concepts no standard scheme codes (docs/results.md). */
    public static final String RADFLOW_SCHEME = "99RADFLOW";

    /** Validates the parts: value, scheme and meaning are required. */
    public Code {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("code value missing");
        }
        if (scheme == null || scheme.isEmpty()) {
            throw new IllegalArgumentException("coding scheme designator missing for code " + value);
        }
        if (meaning == null || meaning.isEmpty()) {
            throw new IllegalArgumentException("code meaning missing for code " + value);
        }
        if (meaning.length() > 64) {
            throw new IllegalArgumentException("code meaning longer than 64 characters (LO): " + meaning);
        }
    }

    /** A code without a scheme version. */
    public Code(String value, String scheme, String meaning) {
        this(value, scheme, meaning, null);
    }

    /** The same concept with another meaning (e.g. a model's own label text). */
    public Code withMeaning(String newMeaning) {
        return new Code(value, scheme, newMeaning, schemeVersion);
    }

    /** A new Code Sequence item for this code. */
    public Attributes toItem() {
        Attributes item = new Attributes(5);
        if (value.contains(":")) {
            item.setString(Tag.URNCodeValue, VR.UR, value);
        } else if (value.length() > 16) {
            item.setString(Tag.LongCodeValue, VR.UC, value);
        } else {
            item.setString(Tag.CodeValue, VR.SH, value);
        }
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        if (schemeVersion != null) {
            item.setString(Tag.CodingSchemeVersion, VR.SH, schemeVersion);
        }
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
        return item;
    }

    /**
     * The code of a Code Sequence item.
     *
     * @throws IllegalArgumentException when value, scheme or meaning is missing
     */
    public static Code of(Attributes item) {
        String v = item.getString(Tag.CodeValue);
        if (v == null) {
            v = item.getString(Tag.LongCodeValue);
        }
        if (v == null) {
            v = item.getString(Tag.URNCodeValue);
        }
        return new Code(
                v,
                item.getString(Tag.CodingSchemeDesignator),
                item.getString(Tag.CodeMeaning),
                item.getString(Tag.CodingSchemeVersion));
    }

    /** The code in item {@code 0} of {@code sequenceTag} of {@code ds}, or null when absent. */
    public static Code of(Attributes ds, int sequenceTag) {
        Attributes item = ds.getNestedDataset(sequenceTag);
        return item == null ? null : of(item);
    }

    /** Sets {@code sequenceTag} of {@code ds} to a sequence with this code's one item. */
    public void setIn(Attributes ds, int sequenceTag) {
        ds.newSequence(sequenceTag, 1).add(toItem());
    }

    /**
     * Declares Radflow's private coding scheme in the Coding Scheme Identification Sequence
     * (0008,0110) of {@code ds} when any code in it (at any depth) uses it, as PS3.3 C.12.1.1.6 asks
     * of private schemes.
     */
    public static void declareRadflowScheme(Attributes ds) {
        boolean[] used = {false};
        try {
            ds.accept(
                    (attrs, tag, vr, value) -> {
                        if (tag == Tag.CodingSchemeDesignator && RADFLOW_SCHEME.equals(attrs.getString(tag))) {
                            used[0] = true;
                            return false;
                        }
                        return true;
                    },
                    true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (used[0]) {
            Attributes item = new Attributes(3);
            item.setString(Tag.CodingSchemeDesignator, VR.SH, RADFLOW_SCHEME);
            item.setString(Tag.CodingSchemeName, VR.ST, "Radflow private codes");
            item.setString(Tag.CodingSchemeResponsibleOrganization, VR.ST, "Radflow");
            ds.newSequence(Tag.CodingSchemeIdentificationSequence, 1).add(item);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Code c && value.equals(c.value) && scheme.equals(c.scheme);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, scheme);
    }

    /** As dcmtk writes it: {@code (value, scheme, "meaning")}. */
    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
