package io.radflow.teststudies.ct;

import io.radflow.teststudies.Rng;

/**
 * The image grid of an axial CT series: square pixels, contiguous slices, slice 0 the most
 * superior. Pixel (column c, row r) of slice i has its centre at patient position (x0 + c·Δ, y0 +
 * r·Δ, z[i]); ImageOrientationPatient is 1\0\0\0\1\0. All values are exact in decimal.
 *
 * @param rows image rows
 * @param columns image columns
 * @param pixelSpacing Δ in mm (field of view / 512: 0.703125 … 0.78125)
 * @param sliceSpacing distance between slice centres in mm (= slice thickness)
 * @param z slice positions, most superior first
 * @param x0 x of the centre of the first pixel
 * @param y0 y of the centre of the first pixel
 */
public record CtGeometry(
        int rows, int columns, double pixelSpacing, double sliceSpacing, double[] z, double x0, double y0) {
    private static final double[] SPACINGS = {3.0, 2.5, 2.0, 1.5, 1.25, 1.0, 0.625};
    private static final double MAX_COVERAGE_MM = 450;

    /**
     * The geometry for {@code slices} slices centred near {@code zCentre}: field of view 360–400 mm
     * from the seed, slice spacing 2.5 or 3 mm from the seed, reduced (2, 1.5, 1.25, 1, 0.625 mm)
     * until the series covers at most 450 mm, so that large series stay anatomical.
     */
    static CtGeometry of(Rng rng, int slices, double zCentre, double spacingFactor) {
        if (slices < 1 || slices > 2000) {
            throw new IllegalArgumentException("slices must be 1..2000: " + slices);
        }
        double fov = 360 + 10 * rng.nextInt(5);
        double ps = fov / 512;
        int k = rng.nextInt(2);
        while (k < SPACINGS.length - 1 && slices * SPACINGS[k] * spacingFactor > MAX_COVERAGE_MM) {
            k++;
        }
        double s = SPACINGS[k] * spacingFactor;
        double top = Math.rint((zCentre + (slices - 1) * s / 2) * 2) / 2;
        double[] z = new double[slices];
        for (int i = 0; i < slices; i++) {
            z[i] = top - i * s;
        }
        double origin = -255.5 * ps;
        return new CtGeometry(512, 512, ps, s, z, origin, origin);
    }

    /** Number of slices. */
    public int slices() {
        return z.length;
    }

    /** Patient x of column c's centre. */
    public double x(int c) {
        return x0 + c * pixelSpacing;
    }

    /** Patient y of row r's centre. */
    public double y(int r) {
        return y0 + r * pixelSpacing;
    }

    /** Area of one pixel in cm². */
    public double pixelAreaCm2() {
        return pixelSpacing * pixelSpacing / 100;
    }
}
