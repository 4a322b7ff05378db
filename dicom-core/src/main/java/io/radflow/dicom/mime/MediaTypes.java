package io.radflow.dicom.mime;

/** Media types used by DICOMweb (PS3.18 section 8.7). */
public final class MediaTypes {
    /** A DICOM Part 10 file. */
    public static final String APPLICATION_DICOM = "application/dicom";
    /** The DICOM JSON model (PS3.18 F.2). */
    public static final String APPLICATION_DICOM_JSON = "application/dicom+json";
    /** The DICOM XML model (PS3.19 A.1). */
    public static final String APPLICATION_DICOM_XML = "application/dicom+xml";
    /** Uncompressed bulk data and frames. */
    public static final String APPLICATION_OCTET_STREAM = "application/octet-stream";
    /** JSON. */
    public static final String APPLICATION_JSON = "application/json";
    /** RFC 2387 multipart/related. */
    public static final String MULTIPART_RELATED = "multipart/related";

    private MediaTypes() {}

    /**
     * {@code multipart/related; type="TYPE"[; transfer-syntax=TS]; boundary=BOUNDARY}, the
     * Content-Type of a WADO-RS response or a STOW-RS request.
     *
     * @param transferSyntax the {@code transfer-syntax} parameter, or {@code null} for none
     */
    public static ContentType multipartRelated(String type, String transferSyntax, String boundary) {
        ContentType ct = ContentType.of("multipart", "related").withParameter("type", type);
        if (transferSyntax != null) {
            ct = ct.withParameter("transfer-syntax", transferSyntax);
        }
        return ct.withParameter("boundary", boundary);
    }
}
