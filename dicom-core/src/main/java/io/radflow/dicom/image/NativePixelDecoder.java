package io.radflow.dicom.image;

/**
 * Decodes frames of native (uncompressed) pixel data into {@link PixelRaster}s: 1/8/16/32 bits
 * allocated, little or big endian, Bits Stored / High Bit masking, sign extension for Pixel
 * Representation 1, planar configuration 0 and 1, {@code YBR_FULL_422} horizontal subsampling
 * (expanded so every pixel holds its three samples) and multi-frame data. No colour conversion
 * happens here: see {@link ColorConversion}.
 */
public final class NativePixelDecoder {
    private NativePixelDecoder() {}

    /**
     * Decodes frame {@code frame} (0-based) of {@code pixelData}, the value of native Pixel Data
     * (all frames) or the bytes of one frame (then {@code frame} is 0).
     */
    public static PixelRaster decode(ImageDescriptor d, byte[] pixelData, int frame, boolean bigEndian)
            throws PixelDataException {
        if (frame < 0 || frame >= d.frames()) {
            throw new PixelDataException("frame " + (frame + 1) + " of " + d.frames() + " does not exist");
        }
        long startBit = d.frameBits() * frame;
        long endBit = startBit + d.frameBits();
        if (endBit > (long) pixelData.length * 8) {
            throw new PixelDataException(
                    pixelData.length,
                    "pixel data too short: frame " + (frame + 1) + " needs bytes up to " + (endBit + 7) / 8);
        }
        int n = d.pixelsPerFrame();
        int spp = d.samplesPerPixel();
        int[] out = new int[n * spp];
        if (d.bitsAllocated() == 1) {
            for (int i = 0; i < n; i++) {
                long bit = startBit + i;
                out[i] = (pixelData[(int) (bit >>> 3)] >>> (int) (bit & 7)) & 1;
            }
        } else {
            int off = (int) (startBit >>> 3);
            int bps = d.bytesPerSample();
            if (d.subsampledNative()) {
                expand422(d, pixelData, off, bigEndian, out);
            } else if (spp == 1 || d.planarConfiguration() == 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = read(pixelData, off + i * bps, bps, bigEndian);
                }
            } else {
                for (int s = 0; s < spp; s++) {
                    int planeOff = off + s * n * bps;
                    for (int i = 0; i < n; i++) {
                        out[i * spp + s] = read(pixelData, planeOff + i * bps, bps, bigEndian);
                    }
                }
            }
            mask(d, out);
        }
        return new PixelRaster(
                d.rows(), d.columns(), spp, d.bitsStored(), d.signed(), d.photometricInterpretation(), out);
    }

    private static void expand422(ImageDescriptor d, byte[] data, int off, boolean be, int[] out) {
        int bps = d.bytesPerSample();
        int cols = d.columns();
        int pairs = (cols + 1) / 2;
        int p = off;
        for (int r = 0; r < d.rows(); r++) {
            for (int k = 0; k < pairs; k++) {
                int y1 = read(data, p, bps, be);
                int y2 = read(data, p + bps, bps, be);
                int cb = read(data, p + 2 * bps, bps, be);
                int cr = read(data, p + 3 * bps, bps, be);
                p += 4 * bps;
                int c = 2 * k;
                int i = (r * cols + c) * 3;
                out[i] = y1;
                out[i + 1] = cb;
                out[i + 2] = cr;
                if (c + 1 < cols) {
                    out[i + 3] = y2;
                    out[i + 4] = cb;
                    out[i + 5] = cr;
                }
            }
        }
    }

    static int read(byte[] b, int i, int bytes, boolean bigEndian) {
        switch (bytes) {
            case 1:
                return b[i] & 0xFF;
            case 2:
                return bigEndian ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
            default:
                return bigEndian
                        ? (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)
                        : (b[i + 3] & 0xFF) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
        }
    }

    /**
     * Keeps bits {@code highBit-bitsStored+1 .. highBit} of each raw value, shifted down, and
     * sign-extends them when the descriptor says two's complement.
     */
    static void mask(ImageDescriptor d, int[] values) {
        int bitsStored = d.bitsStored();
        int shift = d.highBit() + 1 - bitsStored;
        if (shift == 0 && bitsStored == 32) {
            return;
        }
        if (shift == 0 && bitsStored == d.bitsAllocated() && !d.signed()) {
            return;
        }
        int unused = 32 - bitsStored;
        for (int i = 0; i < values.length; i++) {
            int v = values[i] >>> shift;
            values[i] = d.signed() ? (v << unused) >> unused : (v << unused) >>> unused;
        }
    }

    /** Sign-extends or masks one raw value the way {@link #decode} does. */
    public static int storedValue(ImageDescriptor d, int raw) {
        int[] v = {raw};
        mask(d, v);
        return v[0];
    }
}
