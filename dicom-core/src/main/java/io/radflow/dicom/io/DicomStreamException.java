package io.radflow.dicom.io;

import java.io.IOException;

/** Malformed, truncated or hostile DICOM input: names the byte offset and the problem. */
public class DicomStreamException extends IOException {
    private final long offset;
    private final String problem;

    public DicomStreamException(String problem, long offset) {
        this(problem, offset, null);
    }

    public DicomStreamException(String problem, long offset, Throwable cause) {
        super(problem + " at offset " + offset, cause);
        this.offset = offset;
        this.problem = problem;
    }

    /** Byte offset in the input (in the inflated stream for deflated transfer syntaxes). */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String problem() {
        return problem;
    }
}
