package io.radflow.dicom.image;

import java.util.Locale;

/** Contrast enhancement applied to the 8-bit display image (with OpenCV). */
public enum Enhancement {
    NONE,
    /** Global histogram equalisation ({@code cv::equalizeHist}). */
    EQUALIZE,
    /** Contrast Limited Adaptive Histogram Equalisation, clip limit 2, 8x8 tiles. */
    CLAHE;

    public static Enhancement of(String name) throws PixelDataException {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PixelDataException("unknown enhancement '" + name + "' (none, equalize, clahe)");
        }
    }
}
