package io.radflow.labeling.tools;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.ModalityLut;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.PixelRaster;

/**
 * One monochrome frame with the Modality LUT applied (Hounsfield units for CT), the input of every
 * segmentation tool.
 *
 * @param values modality value per pixel, row by row (not copied)
 * @param rows number of rows
 * @param columns number of columns
 */
public record HuFrame(float[] values, int rows, int columns) {

    /** Validates the size. */
    public HuFrame {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException(
                    "frame size must be positive: " + rows + " rows x " + columns + " columns");
        }
        if (values == null || values.length != (long) rows * columns) {
            throw new IllegalArgumentException((values == null ? "no" : Integer.toString(values.length))
                    + " values for a frame of " + rows + " rows x " + columns + " columns");
        }
    }

    /**
     * Frame {@code frameIndex} (0-based) of an image with the Modality LUT of {@code dataset}
     * (Modality LUT Sequence, else Rescale Slope / Intercept) applied.
     *
     * @param dataset the image's data set (for the Modality LUT)
     * @param pixelData its Pixel Data, e.g. {@code PixelData.of(dataset, transferSyntaxUid)}
     * @param frameIndex 0-based frame number
     * @throws IllegalArgumentException when the image is not monochrome
     * @throws PixelDataException when the frame does not exist or cannot be decoded
     */
    public static HuFrame of(Attributes dataset, PixelData pixelData, int frameIndex) throws PixelDataException {
        ImageDescriptor d = pixelData.decodedDescriptor();
        if (d.samplesPerPixel() != 1) {
            throw new IllegalArgumentException("the image has " + d.samplesPerPixel() + " samples per pixel ("
                    + d.photometricInterpretation() + "); the segmentation tools take monochrome only");
        }
        PixelRaster raster = pixelData.raster(frameIndex);
        ModalityLut lut = ModalityLut.of(dataset, d);
        float[] values = new float[raster.rows() * raster.columns()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) lut.apply(raster.unsigned(i));
        }
        return new HuFrame(values, raster.rows(), raster.columns());
    }

    /** Number of pixels. */
    public int size() {
        return values.length;
    }

    /** The value of pixel (row, column). */
    public float value(int row, int column) {
        return values[row * columns + column];
    }
}
