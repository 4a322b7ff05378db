package io.radflow.dicom.mime;

import java.io.InputStream;

/**
 * One body part handed out by a {@link MultipartReader}: its headers and its body as a stream.
 * The body stream is valid until the next {@link MultipartReader#nextPart()} call, which skips
 * whatever of it was not read.
 *
 * @param index 0-based position of the part in the multipart body
 * @param headers the part's header fields
 * @param contentType the parsed {@code Content-Type}, or {@code null} when the part has none
 * @param contentLength the declared {@code Content-Length}, or -1; the reader checks it against
 *     the body's real length
 * @param offset byte offset of the first body byte in the multipart body
 * @param body the part body, ending at the next delimiter
 */
public record MultipartPart(
        int index, PartHeaders headers, ContentType contentType, long contentLength, long offset, InputStream body) {

    /** The {@code Content-Location} header, or {@code null}. */
    public String contentLocation() {
        return headers.get(PartHeaders.CONTENT_LOCATION);
    }

    /** The {@code Content-ID} header, or {@code null}. */
    public String contentId() {
        return headers.get(PartHeaders.CONTENT_ID);
    }

    /** The part's media type ({@code type/subtype}), or {@code defaultType} if it has none. */
    public String mediaType(String defaultType) {
        return contentType != null ? contentType.mediaType() : defaultType;
    }
}
