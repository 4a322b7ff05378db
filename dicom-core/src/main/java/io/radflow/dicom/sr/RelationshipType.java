package io.radflow.dicom.sr;

/** Relationship Type (0040,A010) of a content item to its parent. */
public enum RelationshipType {
    CONTAINS,
    HAS_PROPERTIES,
    HAS_OBS_CONTEXT,
    HAS_ACQ_CONTEXT,
    INFERRED_FROM,
    SELECTED_FROM,
    HAS_CONCEPT_MOD;

    /** The DICOM value ("HAS OBS CONTEXT"). */
    public String dicom() {
        return name().replace('_', ' ');
    }

    /** The type of a DICOM value. */
    public static RelationshipType ofDicom(String value) throws SrException {
        try {
            return valueOf(value.trim().replace(' ', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SrException("unknown Relationship Type " + value);
        }
    }
}
