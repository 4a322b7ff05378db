package io.radflow.labeling.dicomweb;

import io.radflow.dicom.data.UID;

/** Media types of DICOMweb (PS3.18 Table 8.7.3-x) and the transfer syntaxes they carry. */
public final class MediaTypeNames {
    public static final String DICOM = "application/dicom";
    public static final String DICOM_JSON = "application/dicom+json";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String MULTIPART_RELATED = "multipart/related";
    public static final String IMAGE_JPEG = "image/jpeg";
    public static final String IMAGE_PNG = "image/png";

    private MediaTypeNames() {}

    /** The single-frame media type of an encapsulated transfer syntax (PS3.18 Table 8.7.3-5), or null. */
    public static String pixelMediaType(String transferSyntaxUID) {
        return switch (transferSyntaxUID) {
            case UID.RLELossless -> "image/dicom-rle";
            case UID.JPEGBaseline8Bit, UID.JPEGExtended12Bit, UID.JPEGLossless, UID.JPEGLosslessSV1 -> "image/jpeg";
            case UID.JPEGLSLossless, UID.JPEGLSNearLossless -> "image/jls";
            case UID.JPEG2000Lossless, UID.JPEG2000 -> "image/jp2";
            case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203" -> "image/jphc";
            default -> null;
        };
    }
}
