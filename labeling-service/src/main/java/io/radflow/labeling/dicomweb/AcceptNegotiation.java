package io.radflow.labeling.dicomweb;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.mime.ContentType;
import io.radflow.dicom.mime.InvalidMediaTypeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the response representation of a WADO-RS request from its {@code Accept} header (PS3.18
 * 8.7): the media ranges are tried in order of their {@code q} value; none acceptable is a 406.
 */
public final class AcceptNegotiation {
    /** {@code transfer-syntax=*}: as stored. */
    public static final String AS_STORED = "*";

    private AcceptNegotiation() {}

    /**
     * The transfer syntax for retrieving instances as {@code multipart/related;
     * type="application/dicom"}: {@link #AS_STORED}, or a transfer syntax UID (Explicit VR Little
     * Endian when none is named).
     */
    public static String instanceTransferSyntax(String accept) {
        for (ContentType ct : ranges(accept)) {
            if (isAny(ct) || ct.is("multipart/*")) {
                return UID.ExplicitVRLittleEndian;
            }
            if (ct.is(MediaTypeNames.MULTIPART_RELATED)) {
                String type = ct.parameter("type");
                if (type == null || type.equalsIgnoreCase(MediaTypeNames.DICOM)) {
                    return transferSyntax(ct);
                }
            } else if (ct.is(MediaTypeNames.DICOM)) {
                return transferSyntax(ct);
            }
        }
        throw DicomWebException.notAcceptable(
                "instances are available as multipart/related; type=\"application/dicom\"");
    }

    /**
     * How frames or pixel bulk data are wanted.
     *
     * @param mediaType the part media type asked for ({@code application/octet-stream} or an image type)
     * @param transferSyntax {@link #AS_STORED}, or the transfer syntax UID asked for (null: the
     *     default of the media type)
     */
    public record FrameRequest(String mediaType, String transferSyntax) {
        /** Whether stored bytes of {@code storedTs} satisfy this request. */
        public boolean acceptsStored(String storedTs, boolean encapsulated) {
            if (mediaType.equals(MediaTypeNames.OCTET_STREAM)) {
                if (AS_STORED.equals(transferSyntax)) {
                    return true;
                }
                return !encapsulated && (transferSyntax == null || transferSyntax.equals(UID.ExplicitVRLittleEndian));
            }
            return mediaType.equals(MediaTypeNames.pixelMediaType(storedTs))
                    && (transferSyntax == null || AS_STORED.equals(transferSyntax) || transferSyntax.equals(storedTs));
        }

        /** Whether decompressed (native little endian) bytes satisfy this request. */
        public boolean acceptsNative() {
            return mediaType.equals(MediaTypeNames.OCTET_STREAM)
                    && (transferSyntax == null
                            || AS_STORED.equals(transferSyntax)
                            || transferSyntax.equals(UID.ExplicitVRLittleEndian)
                            || transferSyntax.equals(UID.ImplicitVRLittleEndian));
        }
    }

    /** The acceptable frame representations, best first. */
    public static List<FrameRequest> frameRequests(String accept) {
        List<FrameRequest> out = new ArrayList<>();
        for (ContentType ct : ranges(accept)) {
            if (isAny(ct) || ct.is("multipart/*")) {
                out.add(new FrameRequest(MediaTypeNames.OCTET_STREAM, null));
            } else if (ct.is(MediaTypeNames.MULTIPART_RELATED)) {
                String type = ct.parameter("type");
                out.add(new FrameRequest(
                        type == null ? MediaTypeNames.OCTET_STREAM : type.toLowerCase(),
                        ct.parameter("transfer-syntax")));
            } else if (ct.is(MediaTypeNames.OCTET_STREAM) || ct.type().equals("image")) {
                out.add(new FrameRequest(ct.mediaType(), ct.parameter("transfer-syntax")));
            }
        }
        if (out.isEmpty()) {
            throw DicomWebException.notAcceptable(
                    "frames are available as multipart/related; type=\"application/octet-stream\"");
        }
        return out;
    }

    /** {@code image/jpeg} (the default) or {@code image/png} for rendered resources. */
    public static String renderedMediaType(String accept) {
        for (ContentType ct : ranges(accept)) {
            if (isAny(ct) || ct.is("image/*") || ct.is(MediaTypeNames.IMAGE_JPEG)) {
                return MediaTypeNames.IMAGE_JPEG;
            }
            if (ct.is(MediaTypeNames.IMAGE_PNG)) {
                return MediaTypeNames.IMAGE_PNG;
            }
        }
        throw DicomWebException.notAcceptable("rendered images are available as image/jpeg or image/png");
    }

    /**
     * The image type of each part of a rendered study or series ({@code multipart/related;
     * type="image/jpeg"} or {@code type="image/png"}; a bare image type or a wildcard stands for
     * its multipart form): {@code image/jpeg} (the default) or {@code image/png}.
     */
    public static String renderedPartMediaType(String accept) {
        for (ContentType ct : ranges(accept)) {
            if (ct.is(MediaTypeNames.MULTIPART_RELATED)) {
                String type = ct.parameter("type");
                if (type == null
                        || type.equalsIgnoreCase("image/*")
                        || type.equalsIgnoreCase(MediaTypeNames.IMAGE_JPEG)) {
                    return MediaTypeNames.IMAGE_JPEG;
                }
                if (type.equalsIgnoreCase(MediaTypeNames.IMAGE_PNG)) {
                    return MediaTypeNames.IMAGE_PNG;
                }
            } else if (isAny(ct) || ct.is("multipart/*") || ct.is("image/*") || ct.is(MediaTypeNames.IMAGE_JPEG)) {
                return MediaTypeNames.IMAGE_JPEG;
            } else if (ct.is(MediaTypeNames.IMAGE_PNG)) {
                return MediaTypeNames.IMAGE_PNG;
            }
        }
        throw DicomWebException.notAcceptable("rendered studies and series are available as multipart/related;"
                + " type=\"image/jpeg\" or type=\"image/png\"");
    }

    /** Whether {@code application/dicom+json} (or a wildcard, or plain JSON) is acceptable. */
    public static void requireDicomJson(String accept) {
        for (ContentType ct : ranges(accept)) {
            if (isAny(ct) || ct.is(MediaTypeNames.DICOM_JSON) || ct.is("application/json") || ct.is("application/*")) {
                return;
            }
        }
        throw DicomWebException.notAcceptable("only application/dicom+json is supported");
    }

    private static String transferSyntax(ContentType ct) {
        String ts = ct.parameter("transfer-syntax");
        return ts == null || ts.isBlank() ? UID.ExplicitVRLittleEndian : ts.trim();
    }

    private static boolean isAny(ContentType ct) {
        return ct.type().equals("*");
    }

    /** The media ranges of an Accept header, best {@code q} first; none means anything. */
    static List<ContentType> ranges(String accept) {
        if (accept == null || accept.isBlank()) {
            return List.of(ContentType.of("*", "*"));
        }
        List<ContentType> list;
        try {
            list = new ArrayList<>(ContentType.parseList(accept));
        } catch (InvalidMediaTypeException e) {
            throw DicomWebException.badRequest("malformed Accept header: " + e.getMessage());
        }
        list.removeIf(ct -> q(ct) <= 0);
        list.sort(Comparator.comparingDouble(ct -> -q(ct)));
        return list;
    }

    private static double q(ContentType ct) {
        String q = ct.parameter("q");
        if (q == null) {
            return 1;
        }
        try {
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
