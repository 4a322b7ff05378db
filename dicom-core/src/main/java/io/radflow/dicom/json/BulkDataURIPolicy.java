package io.radflow.dicom.json;

import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.VR;

/**
 * Decides, per binary element, whether {@link JSONWriter} writes a {@code BulkDataURI} (and which)
 * or the value itself as {@code InlineBinary}. It is asked for elements with VR OB, OD, OF, OL, OV,
 * OW or UN, and for any value held as {@link BulkData} or {@link io.radflow.dicom.data.Fragments}.
 * A {@link BulkData} value with a non-file URI that the policy leaves inline is written with its
 * own URI, since its bytes are not at hand.
 */
@FunctionalInterface
public interface BulkDataURIPolicy {

    /**
     * The BulkDataURI to write, or {@code null} to write the value inline.
     *
     * @param path the element's path in the data set: {@code 7FE00010} at top level, {@code
     *     00540016/0/00181072} for tag 00181072 in item 0 of sequence 00540016
     * @param tag the element's tag
     * @param vr the element's VR
     * @param value the stored value ({@code byte[]}, {@link BulkData}, {@link
     *     io.radflow.dicom.data.Fragments}, ...)
     * @param length the value length in bytes, or -1 if unknown
     */
    String bulkDataURI(String path, int tag, VR vr, Object value, long length);

    /** Everything inline (except bulk data that only exists as a remote URI). */
    BulkDataURIPolicy INLINE = (path, tag, vr, value, length) -> null;

    /**
     * Values of at least {@code minLength} bytes, and values not loaded ({@link BulkData}, {@link
     * io.radflow.dicom.data.Fragments}), get {@code baseURI + "/" + path}; a {@link BulkData} with a
     * non-file URI keeps that URI. For WADO-RS metadata, {@code baseURI} is typically the
     * instance's URL followed by {@code /bulk}.
     */
    static BulkDataURIPolicy aboveThreshold(String baseURI, long minLength) {
        String base = baseURI.endsWith("/") ? baseURI.substring(0, baseURI.length() - 1) : baseURI;
        return (path, tag, vr, value, length) -> {
            if (value instanceof BulkData bd && !bd.isFile()) {
                return bd.uri().toString();
            }
            if (value instanceof byte[] && length < minLength) {
                return null;
            }
            return base + "/" + path;
        };
    }
}
