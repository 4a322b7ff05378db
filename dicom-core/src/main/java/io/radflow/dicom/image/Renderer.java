package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;

/**
 * Renders one frame to an 8-bit {@link Image8}: for monochrome images stored value → Modality LUT
 * → VOI LUT (→ inversion for MONOCHROME1) → 0..255; palette colour through the palette LUTs; colour
 * images converted to RGB and scaled to 8 bits. Then optional enhancement and viewport scaling.
 */
public final class Renderer {
    private Renderer() {}

    /** Renders frame {@code p.frame()} of {@code pixels}, whose attributes are {@code ds}. */
    public static Image8 render(Attributes ds, PixelData pixels, RenderParams p) throws PixelDataException {
        PixelRaster raster = pixels.raster(p.frame());
        ImageDescriptor d = pixels.decodedDescriptor();
        Image8 img;
        if (d.photometricInterpretation().isMonochrome()) {
            ModalityLut modality = ModalityLut.of(ds, d);
            VoiLut voi = p.window() != null ? VoiLut.of(p.window()) : VoiLut.of(ds, d, p.voiIndex());
            if (voi == null) {
                long[] mm = raster.minMax();
                double a = modality.apply(mm[0]);
                double b = modality.apply(mm[1]);
                voi = VoiLut.minMax(Math.min(a, b), Math.max(a, b));
            }
            boolean invert = d.photometricInterpretation() == PhotometricInterpretation.MONOCHROME1;
            img = new Image8(raster.columns(), raster.rows(), 1, toGrey(raster, modality, voi, invert));
        } else if (d.photometricInterpretation() == PhotometricInterpretation.PALETTE_COLOR) {
            img = palette(ds, raster, d);
        } else {
            img = rgb(ColorConversion.toRgb(raster));
        }
        img = OpenCvEnhancer.apply(img, p.enhancement());
        return img.fitInto(p.viewportWidth(), p.viewportHeight());
    }

    /** Monochrome pipeline; uses a table over the stored range when Bits Stored is at most 16. */
    public static byte[] toGrey(PixelRaster r, ModalityLut modality, VoiLut voi, boolean invert) {
        int[] s = r.samples();
        byte[] out = new byte[s.length];
        if (r.bitsStored() <= 16) {
            int min = r.signed() ? -(1 << (r.bitsStored() - 1)) : 0;
            int size = 1 << r.bitsStored();
            byte[] table = new byte[size];
            for (int i = 0; i < size; i++) {
                table[i] = display(min + i, modality, voi, invert);
            }
            for (int i = 0; i < s.length; i++) {
                out[i] = table[s[i] - min];
            }
        } else {
            for (int i = 0; i < s.length; i++) {
                out[i] = display(r.unsigned(i), modality, voi, invert);
            }
        }
        return out;
    }

    private static byte display(double stored, ModalityLut modality, VoiLut voi, boolean invert) {
        int y = to8(voi.apply(modality.apply(stored)));
        return (byte) (invert ? 255 - y : y);
    }

    /** Rounds half up and clamps to 0..255. */
    static int to8(double y) {
        int v = (int) Math.floor(y + 0.5);
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static Image8 rgb(PixelRaster r) {
        int[] s = r.samples();
        byte[] out = new byte[s.length];
        int shift = Math.max(0, r.bitsStored() - 8);
        for (int i = 0; i < s.length; i++) {
            long v = r.unsigned(i) >>> shift;
            out[i] = (byte) Math.min(255, Math.max(0, v));
        }
        return new Image8(r.columns(), r.rows(), 3, out);
    }

    private static Image8 palette(Attributes ds, PixelRaster r, ImageDescriptor d) throws PixelDataException {
        LookupTable[] luts = {
            LookupTable.read(ds, Tag.RedPaletteColorLookupTableDescriptor, Tag.RedPaletteColorLookupTableData, false),
            LookupTable.read(
                    ds, Tag.GreenPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableData, false),
            LookupTable.read(ds, Tag.BluePaletteColorLookupTableDescriptor, Tag.BluePaletteColorLookupTableData, false)
        };
        int[] s = r.samples();
        byte[] out = new byte[s.length * 3];
        for (int i = 0; i < s.length; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) to8(luts[c].lookup(r.unsigned(i)) * 255.0 / luts[c].maxValue());
            }
        }
        return new Image8(r.columns(), r.rows(), 3, out);
    }
}
