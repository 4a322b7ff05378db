package io.radflow.quantification.compute;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.ModalityLut;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.PixelRaster;

/**
 * One axial CT slice in Hounsfield units.
 *
 * @param hu HU per pixel, row by row (not copied)
 * @param rows Rows
 * @param columns Columns
 * @param rowSpacingMm distance between rows in mm (Pixel Spacing, first value)
 * @param columnSpacingMm distance between columns in mm (Pixel Spacing, second value)
 */
public record AxialSlice(float[] hu, int rows, int columns, double rowSpacingMm, double columnSpacingMm) {

    /** Largest angle between the slice normal and the patient's z axis still taken as axial. */
    public static final double MAX_TILT_DEGREES = 30;

    /** Validates size and spacing. */
    public AxialSlice {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("slice size must be positive: " + rows + " x " + columns);
        }
        if (hu == null || hu.length != (long) rows * columns) {
            throw new IllegalArgumentException(
                    (hu == null ? "no" : hu.length) + " HU values for a " + rows + " x " + columns + " slice");
        }
        if (!(rowSpacingMm > 0)
                || !(columnSpacingMm > 0)
                || Double.isInfinite(rowSpacingMm)
                || Double.isInfinite(columnSpacingMm)) {
            throw new IllegalArgumentException("pixel spacing must be positive (mm): row " + rowSpacingMm + ", column "
                    + columnSpacingMm + "; areas cannot be measured without it");
        }
    }

    /** Area of one pixel in cm². */
    public double pixelAreaCm2() {
        return rowSpacingMm * columnSpacingMm / 100;
    }

    /**
     * The first frame of a CT image data set in HU (Modality LUT applied).
     *
     * @throws IllegalArgumentException when Pixel Spacing (0028,0030) is missing or not positive, the
     *     image is not monochrome, or Image Orientation (Patient) says the slice is not axial
     * @throws PixelDataException when the pixels cannot be decoded
     */
    public static AxialSlice of(Attributes ds, String transferSyntaxUid) throws PixelDataException {
        double[] spacing = ds.getDoubles(Tag.PixelSpacing);
        if (spacing == null || spacing.length < 2) {
            throw new IllegalArgumentException("Pixel Spacing (0028,0030) is missing: areas cannot be measured");
        }
        if (!(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new IllegalArgumentException("Pixel Spacing (0028,0030) must be positive, is " + spacing[0] + "\\"
                    + spacing[1] + ": areas cannot be measured");
        }
        double[] iop = ds.getDoubles(Tag.ImageOrientationPatient);
        if (iop != null && iop.length == 6) {
            double nz = Math.abs(iop[0] * iop[4] - iop[1] * iop[3]);
            if (nz < Math.cos(Math.toRadians(MAX_TILT_DEGREES))) {
                throw new IllegalArgumentException("not an axial slice: Image Orientation (Patient) "
                        + java.util.Arrays.toString(iop) + " tilts the normal more than " + MAX_TILT_DEGREES
                        + "° from the z axis");
            }
        }
        PixelData pixels = PixelData.of(ds, transferSyntaxUid);
        ImageDescriptor d = pixels.decodedDescriptor();
        if (!d.photometricInterpretation().isMonochrome()) {
            throw new IllegalArgumentException(
                    "CT slices are monochrome; Photometric Interpretation is " + d.photometricInterpretation());
        }
        PixelRaster raster = pixels.raster(0);
        ModalityLut lut = ModalityLut.of(ds, d);
        float[] hu = new float[raster.rows() * raster.columns()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) lut.apply(raster.unsigned(i));
        }
        return new AxialSlice(hu, raster.rows(), raster.columns(), spacing[0], spacing[1]);
    }
}
