package io.radflow.labeling.tools;

/** Thresholding by modality value: the pixels whose HU lie in a range. */
public final class HuThreshold {
    private HuThreshold() {}

    /**
     * The mask of the pixels with {@code low ≤ value ≤ high}, inside {@code within} when given.
     *
     * @param frame the frame
     * @param low lowest value selected (HU)
     * @param high highest value selected (HU), at least {@code low}
     * @param within the rectangle the output is restricted to; null for the whole image
     * @return rows × columns bytes, row by row: 1 selected, 0 not
     * @throws ToolException when the range is not finite or reversed, or {@code within} is not inside
     *     the image
     */
    public static byte[] apply(HuFrame frame, double low, double high, Rect within) {
        Tools.checkFrame(frame);
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new ToolException("threshold range must be finite numbers, is " + low + " .. " + high);
        }
        if (low > high) {
            throw new ToolException("threshold range low (" + low + ") must not be above high (" + high + ")");
        }
        int rows = frame.rows();
        int columns = frame.columns();
        Rect r = within != null ? within : new Rect(0, 0, columns, rows);
        r.validate(rows, columns);
        float[] v = frame.values();
        byte[] mask = new byte[v.length];
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            int row = y * columns;
            for (int i = row + r.x(); i < row + r.x() + r.width(); i++) {
                mask[i] = (byte) (v[i] >= low && v[i] <= high ? 1 : 0);
            }
        }
        return mask;
    }
}
