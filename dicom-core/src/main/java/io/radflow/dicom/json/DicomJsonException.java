package io.radflow.dicom.json;

import java.io.IOException;

/**
 * Malformed DICOM JSON or an exceeded {@link JSONReader.Limits limit}: names the problem and where
 * in the input (offset, line, column) it was found.
 */
public class DicomJsonException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final long offset;
    private final int line;
    private final int column;

    /**
     * @param offset byte offset (or character offset for character input) in the JSON, -1 if
     *     unknown
     */
    public DicomJsonException(String problem, long offset, int line, int column, Throwable cause) {
        super(problem + " (at offset " + offset + ", line " + line + ", column " + column + ")", cause);
        this.problem = problem;
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** The problem, without the location. */
    public String problem() {
        return problem;
    }

    /** Byte offset (character offset for character input) where the problem was found, or -1. */
    public long offset() {
        return offset;
    }

    /** 1-based line, or -1. */
    public int line() {
        return line;
    }

    /** 1-based column, or -1. */
    public int column() {
        return column;
    }
}
