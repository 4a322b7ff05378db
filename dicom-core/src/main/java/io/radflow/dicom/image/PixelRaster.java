package io.radflow.dicom.image;

/**
 * The stored values of one decoded frame: masked to Bits Stored and sign-extended, every pixel
 * holding all its samples ({@code s0 s1 s2} of pixel 0, then pixel 1, ...), row by row, in the
 * colour space named by {@link #photometricInterpretation()}. Values of unsigned 32-bit data are
 * kept as their bit pattern (read them with {@link #unsigned(int)}).
 */
public final class PixelRaster {
    private final int rows;
    private final int columns;
    private final int samplesPerPixel;
    private final int bitsStored;
    private final boolean signed;
    private final PhotometricInterpretation photometricInterpretation;
    private final int[] samples;

    public PixelRaster(
            int rows,
            int columns,
            int samplesPerPixel,
            int bitsStored,
            boolean signed,
            PhotometricInterpretation photometricInterpretation,
            int[] samples) {
        if ((long) rows * columns * samplesPerPixel != samples.length) {
            throw new IllegalArgumentException(
                    samples.length + " samples for " + rows + "x" + columns + "x" + samplesPerPixel);
        }
        this.rows = rows;
        this.columns = columns;
        this.samplesPerPixel = samplesPerPixel;
        this.bitsStored = bitsStored;
        this.signed = signed;
        this.photometricInterpretation = photometricInterpretation;
        this.samples = samples;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    public int bitsStored() {
        return bitsStored;
    }

    public boolean signed() {
        return signed;
    }

    public PhotometricInterpretation photometricInterpretation() {
        return photometricInterpretation;
    }

    /** The samples themselves (not a copy). */
    public int[] samples() {
        return samples;
    }

    /** Sample {@code s} of the pixel at {@code row}, {@code column}. */
    public int sample(int row, int column, int s) {
        return samples[(row * columns + column) * samplesPerPixel + s];
    }

    /** Sample {@code i} as an unsigned value when the data are unsigned. */
    public long unsigned(int i) {
        return signed ? samples[i] : Integer.toUnsignedLong(samples[i]);
    }

    /** Smallest and largest stored value over all samples, {@code {min, max}}. */
    public long[] minMax() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < samples.length; i++) {
            long v = unsigned(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new long[] {min, max};
    }

    /** The same samples labelled with another colour space. */
    public PixelRaster withSamples(PhotometricInterpretation pi, int[] newSamples) {
        return new PixelRaster(rows, columns, samplesPerPixel, bitsStored, signed, pi, newSamples);
    }
}
