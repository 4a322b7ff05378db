package io.radflow.teststudies.ct;

/**
 * A ground-glass lesion: an ellipsoid (patient mm) intersected with the lung it lies in.
 *
 * @param id 1-based lesion number
 * @param x centre x (mm, LPS)
 * @param y centre y (mm)
 * @param z centre z (mm)
 * @param rx semi-axis along x (mm)
 * @param ry semi-axis along y (mm)
 * @param rz semi-axis along z (mm)
 */
public record Lesion(int id, double x, double y, double z, double rx, double ry, double rz) {
    /** Whether (px, py, pz) lies inside the ellipsoid. */
    public boolean contains(double px, double py, double pz) {
        double dx = (px - x) / rx;
        double dy = (py - y) / ry;
        double dz = (pz - z) / rz;
        return dx * dx + dy * dy + dz * dz <= 1;
    }

    /** Patient side of the centre: {@code "right"} for x &lt; 0 (LPS), else {@code "left"}. */
    public String side() {
        return x < 0 ? "right" : "left";
    }
}
