package io.radflow.model.preprocess;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.ModalityLut;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.PixelRaster;
import io.radflow.dicom.io.DicomInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One monochrome frame as stored, with what preprocessing needs from its data set.
 *
 * @param width Columns
 * @param height Rows
 * @param stored stored values, row by row (not copied)
 * @param modalityLut the data set's Modality LUT (rescale slope / intercept or LUT)
 * @param monochrome1 true when Photometric Interpretation is MONOCHROME1 (low values bright)
 * @param rowSpacingMm distance between rows (Pixel Spacing, else Imager Pixel Spacing), NaN if
 *     unknown
 * @param columnSpacingMm distance between columns, NaN if unknown
 */
public record SourceFrame(
        int width,
        int height,
        double[] stored,
        ModalityLut modalityLut,
        boolean monochrome1,
        double rowSpacingMm,
        double columnSpacingMm) {

    public SourceFrame {
        if ((long) width * height != stored.length) {
            throw new IllegalArgumentException(stored.length + " values for " + width + "x" + height);
        }
    }

    /** Frame {@code frame} (from 0) of {@code pixels}, whose data set is {@code ds}. */
    public static SourceFrame of(Attributes ds, PixelData pixels, int frame) throws PixelDataException {
        ImageDescriptor d = pixels.decodedDescriptor();
        PhotometricInterpretation pi = d.photometricInterpretation();
        if (!pi.isMonochrome()) {
            throw new PixelDataException("models take monochrome images; Photometric Interpretation is " + pi);
        }
        PixelRaster raster = pixels.raster(frame);
        double[] v = new double[raster.samples().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = raster.unsigned(i);
        }
        double[] spacing = ds.getDoubles(Tag.PixelSpacing);
        if (spacing == null || spacing.length < 2) {
            spacing = ds.getDoubles(Tag.ImagerPixelSpacing);
        }
        boolean known = spacing != null && spacing.length >= 2 && spacing[0] > 0 && spacing[1] > 0;
        return new SourceFrame(
                raster.columns(),
                raster.rows(),
                v,
                ModalityLut.of(ds, d),
                pi == PhotometricInterpretation.MONOCHROME1,
                known ? spacing[0] : Double.NaN,
                known ? spacing[1] : Double.NaN);
    }

    /** Frame {@code frame} (from 0) of a DICOM Part 10 file. */
    public static SourceFrame read(Path file, int frame) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes ds = in.readDataset();
            return of(ds, PixelData.of(ds, in.getTransferSyntax()), frame);
        }
    }

    /** A frame of modality values without a data set (identity Modality LUT, spacing unknown). */
    public static SourceFrame of(int width, int height, double[] values) {
        return new SourceFrame(width, height, values, ModalityLut.IDENTITY, false, Double.NaN, Double.NaN);
    }

    /** This frame with pixel spacing {@code row} x {@code column} mm. */
    public SourceFrame withSpacing(double row, double column) {
        return new SourceFrame(width, height, stored, modalityLut, monochrome1, row, column);
    }

    public boolean hasSpacing() {
        return !Double.isNaN(rowSpacingMm) && !Double.isNaN(columnSpacingMm);
    }
}
