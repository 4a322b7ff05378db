package io.radflow.dicom.net;

/** The few UIDs the network layer itself needs (PS3.6 annex A). */
final class UIDs {
    static final String Verification = "1.2.840.10008.1.1";
    static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

    private UIDs() {}
}
