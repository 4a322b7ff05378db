package io.radflow.dicom.seg;

/**
 * A segmentation that cannot be written or read as asked: missing source references, geometry that
 * does not match the source images, truncated or unsupported pixel data, invalid segments.
 */
public class SegmentationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With the problem in words. */
    public SegmentationException(String message) {
        super(message);
    }
}
