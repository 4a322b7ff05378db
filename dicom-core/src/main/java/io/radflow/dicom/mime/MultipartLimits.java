package io.radflow.dicom.mime;

/**
 * Limits a {@link MultipartReader} enforces on untrusted input. Exceeding one ends in a {@link
 * MultipartException}. Part bodies have no size limit: they are streamed, never buffered.
 *
 * @param maxHeaderLineLength longest header line (bytes, without CRLF), also the longest boundary
 *     line with transport padding
 * @param maxHeaderBytes all header lines of one part together (bytes)
 * @param maxHeadersPerPart number of header fields in one part
 * @param maxParts number of parts in one multipart body
 * @param maxPreambleBytes bytes before the first boundary
 * @param bufferSize read buffer size (bytes); raised to fit a header line and the delimiter
 */
public record MultipartLimits(
        int maxHeaderLineLength,
        int maxHeaderBytes,
        int maxHeadersPerPart,
        int maxParts,
        long maxPreambleBytes,
        int bufferSize) {

    /** 8 KiB header lines, 64 KiB and 64 fields of headers per part, 1,000,000 parts, 1 MiB preamble. */
    public static final MultipartLimits DEFAULT = new MultipartLimits(8192, 65536, 64, 1_000_000, 1 << 20, 65536);

    /** Validates the limits. */
    public MultipartLimits {
        if (maxHeaderLineLength < 80
                || maxHeaderBytes < maxHeaderLineLength
                || maxHeadersPerPart < 1
                || maxParts < 1
                || maxPreambleBytes < 0
                || bufferSize < 256) {
            throw new IllegalArgumentException("invalid multipart limits: " + this);
        }
    }

    /** A copy with another {@link #maxParts()}. */
    public MultipartLimits withMaxParts(int n) {
        return new MultipartLimits(
                maxHeaderLineLength, maxHeaderBytes, maxHeadersPerPart, n, maxPreambleBytes, bufferSize);
    }

    /** A copy with another {@link #bufferSize()}. */
    public MultipartLimits withBufferSize(int n) {
        return new MultipartLimits(
                maxHeaderLineLength, maxHeaderBytes, maxHeadersPerPart, maxParts, maxPreambleBytes, n);
    }

    /** A copy with another {@link #maxPreambleBytes()}. */
    public MultipartLimits withMaxPreambleBytes(long n) {
        return new MultipartLimits(maxHeaderLineLength, maxHeaderBytes, maxHeadersPerPart, maxParts, n, bufferSize);
    }
}
