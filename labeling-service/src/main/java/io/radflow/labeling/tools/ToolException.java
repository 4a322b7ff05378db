package io.radflow.labeling.tools;

/**
 * Bad input to a segmentation tool: a rectangle outside the image, a mask of the wrong size, a
 * parameter out of range. The message names the problem and is meant for the user (the REST layer
 * answers it with HTTP 400).
 */
public class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A bad-input error with a message for the user. */
    public ToolException(String message) {
        super(message);
    }
}
