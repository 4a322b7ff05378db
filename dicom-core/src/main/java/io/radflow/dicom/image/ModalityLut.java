package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;

/**
 * The Modality LUT transformation (PS3.3 C.11.1): stored values to modality values (Hounsfield
 * units for CT) by Rescale Slope and Intercept, or by the first item of the Modality LUT Sequence.
 */
public final class ModalityLut {
    private final double slope;
    private final double intercept;
    private final LookupTable table;

    private ModalityLut(double slope, double intercept, LookupTable table) {
        this.slope = slope;
        this.intercept = intercept;
        this.table = table;
    }

    /** Identity transformation. */
    public static final ModalityLut IDENTITY = new ModalityLut(1, 0, null);

    public static ModalityLut rescale(double slope, double intercept) {
        return new ModalityLut(slope, intercept, null);
    }

    public static ModalityLut of(LookupTable table) {
        return new ModalityLut(1, 0, table);
    }

    /** From the data set: Modality LUT Sequence if present, else Rescale Slope (1) / Intercept (0). */
    public static ModalityLut of(Attributes ds, ImageDescriptor d) throws PixelDataException {
        Attributes item = ds.getNestedDataset(Tag.ModalityLUTSequence);
        if (item != null) {
            return of(LookupTable.read(item, Tag.LUTDescriptor, Tag.LUTData, d.signed()));
        }
        double slope = ds.getDouble(Tag.RescaleSlope, 1);
        return rescale(slope == 0 ? 1 : slope, ds.getDouble(Tag.RescaleIntercept, 0));
    }

    public double apply(double stored) {
        return table != null ? table.lookup(stored) : stored * slope + intercept;
    }

    public boolean isIdentity() {
        return table == null && slope == 1 && intercept == 0;
    }

    public double slope() {
        return slope;
    }

    public double intercept() {
        return intercept;
    }
}
