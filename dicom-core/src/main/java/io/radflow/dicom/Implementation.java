package io.radflow.dicom;

/**
 * Radflow's identity in DICOM: the Implementation Class UID and Implementation Version Name
 * written in File Meta Information (0002,0012/0013) and in association negotiation.
 *
 * <p>The root {@code 2.25.288840448028724464900000474143320400200} is a UUID-derived OID (PS3.5
 * B.2) generated once for Radflow; UIDs Radflow creates live under it.
 */
public final class Implementation {
    /** Root under which Radflow creates UIDs. */
    public static final String UID_ROOT = "2.25.288840448028724464900000474143320400200";

    private static final String CLASS_UID = UID_ROOT + ".1.1";
    private static final String VERSION_NAME = "RADFLOW_010";

    private Implementation() {}

    /** Implementation Class UID (0002,0012). */
    public static String getClassUID() {
        return CLASS_UID;
    }

    /** Implementation Version Name (0002,0013), at most 16 characters. */
    public static String getVersionName() {
        return VERSION_NAME;
    }
}
