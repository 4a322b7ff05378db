package io.radflow.dicom.net;

/** Radflow's implementation class UID and version name as sent in association negotiation. */
public final class Implementations {
    /** A UUID-derived UID (PS3.5 B.2), fixed for this implementation. */
    public static final String CLASS_UID = "2.25.250265960579933523662170229121102055783";

    public static final String VERSION_NAME = "RADFLOW_01";

    private Implementations() {}
}
