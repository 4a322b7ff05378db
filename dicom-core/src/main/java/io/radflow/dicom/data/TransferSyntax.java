package io.radflow.dicom.data;

import java.util.Map;

/**
 * Encoding properties of a transfer syntax (PS3.5 chapter 10 and Annex A).
 *
 * @param uid the transfer syntax UID
 * @param explicitVR true unless Implicit VR Little Endian
 * @param bigEndian true only for the retired Explicit VR Big Endian
 * @param deflated true if the data set after the File Meta group is deflated (RFC 1951)
 * @param encapsulated true if pixel data is encapsulated (compressed)
 * @param lossy true for lossy compression
 */
public record TransferSyntax(
        String uid, boolean explicitVR, boolean bigEndian, boolean deflated, boolean encapsulated, boolean lossy) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.ImplicitVRLittleEndian, false, false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.ExplicitVRLittleEndian, true, false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax(UID.ExplicitVRBigEndian, true, true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.DeflatedExplicitVRLittleEndian, true, false, true, false, false);

    /** High-Throughput JPEG 2000 UIDs (PS3.6 2023), newer than the generated registry. */
    public static final String HTJ2K_LOSSLESS = "1.2.840.10008.1.2.4.201";

    public static final String HTJ2K_LOSSLESS_RPCL = "1.2.840.10008.1.2.4.202";
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";

    private static final Map<String, TransferSyntax> KNOWN = Map.ofEntries(
            Map.entry(UID.ImplicitVRLittleEndian, IMPLICIT_VR_LITTLE_ENDIAN),
            Map.entry(UID.ExplicitVRLittleEndian, EXPLICIT_VR_LITTLE_ENDIAN),
            Map.entry(UID.ExplicitVRBigEndian, EXPLICIT_VR_BIG_ENDIAN),
            Map.entry(UID.DeflatedExplicitVRLittleEndian, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN),
            Map.entry(
                    UID.EncapsulatedUncompressedExplicitVRLittleEndian,
                    encapsulated(UID.EncapsulatedUncompressedExplicitVRLittleEndian, false)),
            Map.entry(
                    UID.Papyrus3ImplicitVRLittleEndian,
                    new TransferSyntax(UID.Papyrus3ImplicitVRLittleEndian, false, false, false, false, false)),
            Map.entry(UID.RLELossless, encapsulated(UID.RLELossless, false)),
            Map.entry(UID.JPEGBaseline8Bit, encapsulated(UID.JPEGBaseline8Bit, true)),
            Map.entry(UID.JPEGExtended12Bit, encapsulated(UID.JPEGExtended12Bit, true)),
            Map.entry(UID.JPEGLossless, encapsulated(UID.JPEGLossless, false)),
            Map.entry(UID.JPEGLosslessSV1, encapsulated(UID.JPEGLosslessSV1, false)),
            Map.entry(UID.JPEGLSLossless, encapsulated(UID.JPEGLSLossless, false)),
            Map.entry(UID.JPEGLSNearLossless, encapsulated(UID.JPEGLSNearLossless, true)),
            Map.entry(UID.JPEG2000Lossless, encapsulated(UID.JPEG2000Lossless, false)),
            Map.entry(UID.JPEG2000, encapsulated(UID.JPEG2000, true)),
            Map.entry(UID.JPEG2000MCLossless, encapsulated(UID.JPEG2000MCLossless, false)),
            Map.entry(UID.JPEG2000MC, encapsulated(UID.JPEG2000MC, true)),
            Map.entry(UID.MPEG2MPML, encapsulated(UID.MPEG2MPML, true)),
            Map.entry(UID.MPEG4HP41, encapsulated(UID.MPEG4HP41, true)),
            Map.entry(HTJ2K_LOSSLESS, encapsulated(HTJ2K_LOSSLESS, false)),
            Map.entry(HTJ2K_LOSSLESS_RPCL, encapsulated(HTJ2K_LOSSLESS_RPCL, false)),
            Map.entry(HTJ2K, encapsulated(HTJ2K, true)));

    private static TransferSyntax encapsulated(String uid, boolean lossy) {
        return new TransferSyntax(uid, true, false, false, true, lossy);
    }

    /**
     * Properties of {@code uid}. Unknown UIDs are treated as Explicit VR Little Endian with
     * encapsulated pixel data, as PS3.5 requires for every transfer syntax defined after the
     * native ones.
     */
    public static TransferSyntax of(String uid) {
        TransferSyntax ts = KNOWN.get(uid);
        if (ts != null) {
            return ts;
        }
        String name = UID.nameOf(uid);
        return new TransferSyntax(uid, true, false, false, true, name.contains("Lossy") || name.contains("Baseline"));
    }

    /** True for the four transfer syntaxes with native (uncompressed) pixel data. */
    public boolean isNative() {
        return !encapsulated;
    }
}
