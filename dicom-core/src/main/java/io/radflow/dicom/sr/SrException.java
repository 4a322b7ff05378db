package io.radflow.dicom.sr;

/** A structured report that cannot be read or written as asked (the problem and where it is). */
public class SrException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With the problem in words. */
    public SrException(String message) {
        super(message);
    }
}
