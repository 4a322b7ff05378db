package io.radflow.dicom.mime;

import java.io.IOException;

/**
 * Malformed or over-limit multipart input. Names the problem and the byte offset in the multipart
 * body where it was detected.
 */
public class MultipartException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String problem;

    /** A problem detected at byte {@code offset} of the multipart body. */
    public MultipartException(String problem, long offset) {
        super(problem + " (at byte offset " + offset + ")");
        this.problem = problem;
        this.offset = offset;
    }

    /** Same, with the cause (for example an {@link InvalidMediaTypeException}). */
    public MultipartException(String problem, long offset, Throwable cause) {
        this(problem, offset);
        initCause(cause);
    }

    /** Byte offset in the multipart body where the problem was detected. */
    public long offset() {
        return offset;
    }

    /** The problem, without the offset. */
    public String problem() {
        return problem;
    }
}
