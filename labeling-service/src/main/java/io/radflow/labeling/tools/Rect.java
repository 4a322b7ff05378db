package io.radflow.labeling.tools;

/**
 * A rectangle of pixels: columns {@code x … x + width − 1}, rows {@code y … y + height − 1}.
 *
 * @param x first column (0-based)
 * @param y first row (0-based)
 * @param width number of columns
 * @param height number of rows
 */
public record Rect(int x, int y, int width, int height) {

    /**
     * Checks that the rectangle is not empty and lies inside an image of {@code rows} × {@code
     * columns}.
     *
     * @throws ToolException naming the rectangle and the image size otherwise
     */
    public void validate(int rows, int columns) {
        if (width <= 0 || height <= 0) {
            throw new ToolException("rectangle " + this + " is empty (width and height must be at least 1)");
        }
        if (x < 0 || y < 0 || (long) x + width > columns || (long) y + height > rows) {
            throw new ToolException(
                    "rectangle " + this + " is not inside the image of " + columns + " columns x " + rows + " rows");
        }
    }

    /** Number of pixels. */
    public long area() {
        return (long) width * height;
    }

    /** Whether pixel (row, column) lies inside. */
    public boolean contains(int row, int column) {
        return column >= x && column < x + width && row >= y && row < y + height;
    }

    /** "x=…, y=…, width=…, height=…" (used in messages). */
    @Override
    public String toString() {
        return "(x=" + x + ", y=" + y + ", width=" + width + ", height=" + height + ")";
    }

    org.opencv.core.Rect toOpenCv() {
        return new org.opencv.core.Rect(x, y, width, height);
    }
}
