package io.radflow.dicom.image;

/**
 * How to render a frame for display.
 *
 * @param frame 0-based frame number
 * @param window explicit window, or null to use the data set's (then its VOI LUT, then min/max)
 * @param voiIndex which of several windows / VOI LUTs of the data set to use
 * @param viewportWidth scale to fit this width (0: native size)
 * @param viewportHeight scale to fit this height (0: native size)
 * @param enhancement contrast enhancement after the VOI LUT
 */
public record RenderParams(
        int frame, Window window, int voiIndex, int viewportWidth, int viewportHeight, Enhancement enhancement) {

    public RenderParams {
        if (enhancement == null) {
            enhancement = Enhancement.NONE;
        }
    }

    /** Frame 0 with the data set's own window, native size, no enhancement. */
    public static RenderParams defaults() {
        return new RenderParams(0, null, 0, 0, 0, Enhancement.NONE);
    }

    public RenderParams withFrame(int f) {
        return new RenderParams(f, window, voiIndex, viewportWidth, viewportHeight, enhancement);
    }

    public RenderParams withWindow(Window w) {
        return new RenderParams(frame, w, voiIndex, viewportWidth, viewportHeight, enhancement);
    }

    public RenderParams withViewport(int w, int h) {
        return new RenderParams(frame, window, voiIndex, w, h, enhancement);
    }

    public RenderParams withEnhancement(Enhancement e) {
        return new RenderParams(frame, window, voiIndex, viewportWidth, viewportHeight, e);
    }
}
