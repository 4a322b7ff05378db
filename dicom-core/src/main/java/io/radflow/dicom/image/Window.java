package io.radflow.dicom.image;

/**
 * A VOI window: center, width and function (PS3.3 C.11.2.1.2).
 *
 * @param center Window Center
 * @param width Window Width
 * @param function VOI LUT Function
 */
public record Window(double center, double width, VoiLutFunction function) {

    public Window {
        if (function == null) {
            function = VoiLutFunction.LINEAR;
        }
        if (!(width >= function.minWidth()) || !Double.isFinite(center) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("window width " + width + " invalid for " + function);
        }
    }

    /**
     * Parses {@code "C,W"} or {@code "C,W,FUNCTION"} (the WADO-RS {@code window} parameter and the
     * CLI option).
     */
    public static Window parse(String text) throws PixelDataException {
        String[] p = text.split(",");
        if (p.length < 2 || p.length > 3) {
            throw new PixelDataException("window '" + text + "' is not center,width[,function]");
        }
        try {
            return new Window(
                    Double.parseDouble(p[0].trim()),
                    Double.parseDouble(p[1].trim()),
                    p.length == 3 ? VoiLutFunction.of(p[2]) : VoiLutFunction.LINEAR);
        } catch (IllegalArgumentException e) {
            throw new PixelDataException("window '" + text + "': " + e.getMessage());
        }
    }

    /** Output in {@code [yMin, yMax]} for modality value {@code x}. */
    public double apply(double x, double yMin, double yMax) {
        return function.apply(x, center, width, yMin, yMax);
    }
}
