package io.radflow.teststudies.ct;

/** Point-in-shape tests in patient millimetres. */
final class Shapes {
    private Shapes() {}

    /** Whether (x, y) lies inside the axis-aligned ellipse centred at (cx, cy). */
    static boolean ellipse(double x, double y, double cx, double cy, double a, double b) {
        if (a <= 0 || b <= 0) {
            return false;
        }
        double dx = (x - cx) / a;
        double dy = (y - cy) / b;
        return dx * dx + dy * dy <= 1;
    }

    /** Whether (x, y) lies inside the rectangle [x0, x1] × [y0, y1]. */
    static boolean box(double x, double y, double x0, double x1, double y0, double y1) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    /** Cross-section scale of an ellipsoid with centre zc and half-length hz at height z (0 outside). */
    static double ellipsoidScale(double z, double zc, double hz) {
        double t = (z - zc) / hz;
        return t * t >= 1 ? 0 : Math.sqrt(1 - t * t);
    }
}
