package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;

/**
 * The VOI LUT transformation (PS3.3 C.11.2) to an 8-bit display range {@code 0..255}: a {@link
 * Window} or a VOI LUT table. {@link #of(Attributes, ImageDescriptor, int)} picks Window Center /
 * Width (with VOI LUT Function) first, then the VOI LUT Sequence.
 */
public final class VoiLut {
    private final Window window;
    private final LookupTable table;

    private VoiLut(Window window, LookupTable table) {
        this.window = window;
        this.table = table;
    }

    public static VoiLut of(Window window) {
        return new VoiLut(window, null);
    }

    public static VoiLut of(LookupTable table) {
        return new VoiLut(null, table);
    }

    /**
     * The VOI transformation number {@code index} of the data set (window values and VOI LUT
     * items are multi-valued), or null when the data set has none.
     */
    public static VoiLut of(Attributes ds, ImageDescriptor d, int index) throws PixelDataException {
        double[] centers = ds.getDoubles(Tag.WindowCenter);
        double[] widths = ds.getDoubles(Tag.WindowWidth);
        if (centers != null && widths != null && centers.length > 0 && widths.length > 0) {
            int i = Math.min(index, Math.min(centers.length, widths.length) - 1);
            VoiLutFunction f = VoiLutFunction.of(ds.getString(Tag.VOILUTFunction, null));
            if (Double.isFinite(centers[i]) && widths[i] >= f.minWidth()) {
                return of(new Window(centers[i], widths[i], f));
            }
        }
        Attributes item = ds.getNestedDataset(Tag.VOILUTSequence, Math.max(0, index));
        if (item == null) {
            item = ds.getNestedDataset(Tag.VOILUTSequence);
        }
        if (item != null) {
            ModalityLut m = ModalityLut.of(ds, d);
            // input of a VOI LUT is the modality value; signed when rescaled values can be negative
            return of(LookupTable.read(item, Tag.LUTDescriptor, Tag.LUTData, d.signed() || m.intercept() < 0));
        }
        return null;
    }

    /** A LINEAR_EXACT window that maps {@code [min, max]} onto the full output range. */
    public static VoiLut minMax(double min, double max) {
        double w = Math.max(max - min, 1);
        return of(new Window((min + max) / 2, w, VoiLutFunction.LINEAR_EXACT));
    }

    /** Display value in {@code [0, 255]} (not rounded) for modality value {@code x}. */
    public double apply(double x) {
        if (window != null) {
            return window.apply(x, 0, 255);
        }
        return table.lookup(x) * 255.0 / table.maxValue();
    }

    public Window window() {
        return window;
    }
}
