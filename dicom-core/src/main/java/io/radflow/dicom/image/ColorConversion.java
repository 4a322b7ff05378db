package io.radflow.dicom.image;

/**
 * Colour space conversion of decoded rasters to RGB, with the coefficients of PS3.3 C.7.6.3.1.2
 * (the same matrix and rounding as pydicom's {@code convert_color_space}).
 */
public final class ColorConversion {
    private static final double CB_G = -0.114 * 1.772 / 0.587;
    private static final double CR_G = -0.299 * 1.402 / 0.587;

    private ColorConversion() {}

    /**
     * Returns {@code raster} in RGB: YBR_FULL and YBR_FULL_422 (already expanded) by the full-range
     * ITU-R BT.601 matrix, YBR_PARTIAL_420/422 by the studio-range one; RGB, YBR_ICT and YBR_RCT
     * (which codecs return as RGB) and monochrome rasters are returned unchanged.
     */
    public static PixelRaster toRgb(PixelRaster raster) {
        PhotometricInterpretation pi = raster.photometricInterpretation();
        switch (pi) {
            case YBR_FULL, YBR_FULL_422 -> {
                return raster.withSamples(PhotometricInterpretation.RGB, ybrFull(raster));
            }
            case YBR_PARTIAL_420, YBR_PARTIAL_422 -> {
                return raster.withSamples(PhotometricInterpretation.RGB, ybrPartial(raster));
            }
            case YBR_ICT, YBR_RCT -> {
                return raster.withSamples(PhotometricInterpretation.RGB, raster.samples());
            }
            default -> {
                return raster;
            }
        }
    }

    private static int[] ybrFull(PixelRaster r) {
        int[] in = r.samples();
        int[] out = new int[in.length];
        int max = (int) ((1L << r.bitsStored()) - 1);
        double half = 1L << (r.bitsStored() - 1);
        for (int i = 0; i < in.length; i += 3) {
            double y = in[i];
            double cb = in[i + 1] - half;
            double cr = in[i + 2] - half;
            out[i] = clamp(Math.floor(y + cr * 1.402 + 0.5), max);
            out[i + 1] = clamp(Math.floor(y + cb * CB_G + cr * CR_G + 0.5), max);
            out[i + 2] = clamp(Math.floor(y + cb * 1.772 + 0.5), max);
        }
        return out;
    }

    private static int[] ybrPartial(PixelRaster r) {
        int[] in = r.samples();
        int[] out = new int[in.length];
        int bits = r.bitsStored();
        int max = (int) ((1L << bits) - 1);
        double scale = (1L << bits) / 256.0;
        for (int i = 0; i < in.length; i += 3) {
            double y = in[i] - 16 * scale;
            double cb = in[i + 1] - 128 * scale;
            double cr = in[i + 2] - 128 * scale;
            out[i] = clamp(Math.floor(1.1644 * y + 1.5960 * cr + 0.5), max);
            out[i + 1] = clamp(Math.floor(1.1644 * y - 0.3917 * cb - 0.8130 * cr + 0.5), max);
            out[i + 2] = clamp(Math.floor(1.1644 * y + 2.0173 * cb + 0.5), max);
        }
        return out;
    }

    private static int clamp(double v, int max) {
        return v < 0 ? 0 : v > max ? max : (int) v;
    }

    /** Converts one 8-bit RGB pixel to YBR_FULL, rounding to nearest (for writing test data). */
    public static int[] rgbToYbrFull(int r, int g, int b) {
        double y = 0.299 * r + 0.587 * g + 0.114 * b;
        double cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
        double cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
        return new int[] {
            clamp(Math.floor(y + 0.5), 255), clamp(Math.floor(cb + 0.5), 255), clamp(Math.floor(cr + 0.5), 255)
        };
    }
}
