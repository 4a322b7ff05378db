package io.radflow.dicom.image;

import java.io.IOException;

/**
 * Pixel data that cannot be decoded or encoded: malformed compressed data, attribute values that
 * contradict each other, or a frame that does not fit its descriptor. The message names the byte
 * offset (within the frame or fragment, {@code -1} when none applies) and the problem.
 */
public class PixelDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public PixelDataException(long offset, String problem) {
        super(offset >= 0 ? problem + " at offset " + offset : problem);
        this.offset = offset;
    }

    public PixelDataException(String problem) {
        this(-1, problem);
    }

    public PixelDataException(long offset, String problem, Throwable cause) {
        this(offset, problem);
        initCause(cause);
    }

    /** Byte offset of the problem within the decoded unit, or {@code -1}. */
    public long offset() {
        return offset;
    }
}
