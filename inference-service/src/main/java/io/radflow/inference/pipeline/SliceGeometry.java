package io.radflow.inference.pipeline;

/**
 * Where a slice's pixels lie in the patient (LPS, mm): Image Position and Orientation (Patient) and
 * Pixel Spacing (row spacing, column spacing), as PS3.3 C.7.6.2.1.1 defines them.
 *
 * @param rows Rows
 * @param columns Columns
 * @param position Image Position (Patient) of the first pixel
 * @param orientation Image Orientation (Patient): row direction cosines, then column direction
 * @param spacing Pixel Spacing: distance between rows, then between columns
 */
public record SliceGeometry(int rows, int columns, double[] position, double[] orientation, double[] spacing) {

    /** Patient x (towards the patient's left) of pixel (row, column). */
    public double x(int row, int column) {
        return position[0] + orientation[0] * spacing[1] * column + orientation[3] * spacing[0] * row;
    }

    /** Distance of the slice along its normal (for an axial slice: z, towards the head). */
    public double along() {
        double[] r = {orientation[0], orientation[1], orientation[2]};
        double[] c = {orientation[3], orientation[4], orientation[5]};
        double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        return position[0] * n[0] + position[1] * n[1] + position[2] * n[2];
    }

    /** Area of one pixel in cm². */
    public double pixelAreaCm2() {
        return spacing[0] * spacing[1] / 100.0;
    }
}
