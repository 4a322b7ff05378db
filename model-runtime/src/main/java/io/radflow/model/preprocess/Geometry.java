package io.radflow.model.preprocess;

/**
 * Where a source frame lies in the model input, per axis {@code input = offset + source * scale}
 * in continuous pixel coordinates (pixel {@code i} spans {@code [i, i+1)}). Resample and resize
 * steps multiply the scale; keepAspect padding adds the offset. Post-processing inverts it to put
 * boxes and masks back on the source frame.
 *
 * @param sourceWidth source Columns
 * @param sourceHeight source Rows
 * @param inputWidth model input width
 * @param inputHeight model input height
 * @param scaleX input pixels per source pixel along x
 * @param scaleY input pixels per source pixel along y
 * @param offsetX input x of the source's left edge
 * @param offsetY input y of the source's top edge
 */
public record Geometry(
        int sourceWidth,
        int sourceHeight,
        int inputWidth,
        int inputHeight,
        double scaleX,
        double scaleY,
        double offsetX,
        double offsetY) {

    /** The identity for a {@code width} x {@code height} frame. */
    public static Geometry identity(int width, int height) {
        return new Geometry(width, height, width, height, 1, 1, 0, 0);
    }

    /** This geometry followed by a step to a {@code w} x {@code h} image that scales and shifts. */
    Geometry then(int w, int h, double sx, double sy, double ox, double oy) {
        return new Geometry(
                sourceWidth, sourceHeight, w, h, scaleX * sx, scaleY * sy, offsetX * sx + ox, offsetY * sy + oy);
    }

    /** Source x of input x. */
    public double toSourceX(double inputX) {
        return (inputX - offsetX) / scaleX;
    }

    /** Source y of input y. */
    public double toSourceY(double inputY) {
        return (inputY - offsetY) / scaleY;
    }

    /** Input x of source x. */
    public double toInputX(double sourceX) {
        return offsetX + sourceX * scaleX;
    }

    /** Input y of source y. */
    public double toInputY(double sourceY) {
        return offsetY + sourceY * scaleY;
    }
}
