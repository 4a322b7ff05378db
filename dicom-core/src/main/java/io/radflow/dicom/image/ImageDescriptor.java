package io.radflow.dicom.image;

/**
 * The Image Pixel module attributes (PS3.3 C.7.6.3) that describe how the values of one image are
 * laid out: everything needed to find, decode and interpret a frame.
 *
 * <p>Native frames are stored in the order of this descriptor: for {@code planarConfiguration} 0
 * the samples of a pixel are adjacent ({@code R1 G1 B1 R2 ...}), for 1 each colour plane follows
 * the previous one. {@code YBR_FULL_422} native data are subsampled horizontally ({@code Y1 Y2 Cb
 * Cr}).
 *
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param samplesPerPixel Samples per Pixel (0028,0002): 1 or 3
 * @param bitsAllocated Bits Allocated (0028,0100): 1, 8, 16 or 32
 * @param bitsStored Bits Stored (0028,0101)
 * @param highBit High Bit (0028,0102)
 * @param pixelRepresentation Pixel Representation (0028,0103): 0 unsigned, 1 two's complement
 * @param photometricInterpretation Photometric Interpretation (0028,0004)
 * @param planarConfiguration Planar Configuration (0028,0006): 0 or 1 (ignored for one sample)
 * @param frames Number of Frames (0028,0008), 1 when absent
 */
public record ImageDescriptor(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        int pixelRepresentation,
        PhotometricInterpretation photometricInterpretation,
        int planarConfiguration,
        int frames) {

    /** Largest frame Radflow decodes into one array (1 GiB). */
    public static final long MAX_FRAME_BYTES = 1L << 30;

    /** Validates the combination; throws {@link IllegalArgumentException} naming the problem. */
    public ImageDescriptor {
        check(rows >= 1 && rows <= 0xFFFF, "Rows " + rows + " outside 1..65535");
        check(columns >= 1 && columns <= 0xFFFF, "Columns " + columns + " outside 1..65535");
        check(samplesPerPixel == 1 || samplesPerPixel == 3, "Samples per Pixel " + samplesPerPixel + " not 1 or 3");
        check(
                bitsAllocated == 1 || bitsAllocated == 8 || bitsAllocated == 16 || bitsAllocated == 32,
                "Bits Allocated " + bitsAllocated + " not 1, 8, 16 or 32");
        check(
                bitsStored >= 1 && bitsStored <= bitsAllocated,
                "Bits Stored " + bitsStored + " outside 1.." + bitsAllocated);
        check(
                highBit >= bitsStored - 1 && highBit < bitsAllocated,
                "High Bit " + highBit + " outside " + (bitsStored - 1) + ".." + (bitsAllocated - 1));
        check(pixelRepresentation == 0 || pixelRepresentation == 1, "Pixel Representation " + pixelRepresentation);
        check(photometricInterpretation != null, "no Photometric Interpretation");
        check(
                photometricInterpretation.samplesPerPixel() == samplesPerPixel,
                photometricInterpretation.code() + " with Samples per Pixel " + samplesPerPixel);
        check(planarConfiguration == 0 || planarConfiguration == 1, "Planar Configuration " + planarConfiguration);
        check(frames >= 1, "Number of Frames " + frames);
        check(
                (long) rows * columns * samplesPerPixel * Math.max(bitsAllocated, 8) / 8 <= MAX_FRAME_BYTES,
                "frame larger than " + MAX_FRAME_BYTES + " bytes");
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A monochrome descriptor with {@code highBit = bitsStored - 1}. */
    public static ImageDescriptor monochrome(
            int rows, int columns, int bitsAllocated, int bitsStored, boolean signed, int frames) {
        return new ImageDescriptor(
                rows,
                columns,
                1,
                bitsAllocated,
                bitsStored,
                bitsStored - 1,
                signed ? 1 : 0,
                PhotometricInterpretation.MONOCHROME2,
                0,
                frames);
    }

    public boolean signed() {
        return pixelRepresentation == 1;
    }

    public int pixelsPerFrame() {
        return rows * columns;
    }

    /** Bytes per sample in native data ({@code 0} for 1-bit data). */
    public int bytesPerSample() {
        return bitsAllocated / 8;
    }

    /** True when native frames are {@code YBR_FULL_422} subsampled (2 samples per pixel stored). */
    public boolean subsampledNative() {
        return photometricInterpretation == PhotometricInterpretation.YBR_FULL_422 && bitsAllocated >= 8;
    }

    /** Number of bits of one native frame. */
    public long frameBits() {
        long samples =
                subsampledNative() ? (long) rows * ((columns + 1) / 2) * 4 : (long) rows * columns * samplesPerPixel;
        return samples * bitsAllocated;
    }

    /** Bytes of one native frame (rounded up for 1-bit data). */
    public int frameLength() {
        return (int) ((frameBits() + 7) / 8);
    }

    /** Bytes of one frame once decoded with every pixel holding all its samples (no subsampling). */
    public int decodedFrameLength() {
        return (int) (((long) rows * columns * samplesPerPixel * bitsAllocated + 7) / 8);
    }

    /** Bytes of all native frames: the expected length of native Pixel Data (before padding). */
    public long pixelDataLength() {
        return (frameBits() * frames + 7) / 8;
    }

    public ImageDescriptor withPhotometricInterpretation(PhotometricInterpretation pi) {
        return new ImageDescriptor(
                rows,
                columns,
                samplesPerPixel,
                bitsAllocated,
                bitsStored,
                highBit,
                pixelRepresentation,
                pi,
                planarConfiguration,
                frames);
    }

    public ImageDescriptor withPlanarConfiguration(int planar) {
        return new ImageDescriptor(
                rows,
                columns,
                samplesPerPixel,
                bitsAllocated,
                bitsStored,
                highBit,
                pixelRepresentation,
                photometricInterpretation,
                planar,
                frames);
    }

    public ImageDescriptor withFrames(int n) {
        return new ImageDescriptor(
                rows,
                columns,
                samplesPerPixel,
                bitsAllocated,
                bitsStored,
                highBit,
                pixelRepresentation,
                photometricInterpretation,
                planarConfiguration,
                n);
    }

    /** Pixel Representation and bits, e.g. {@code "16/12 signed"}, for messages. */
    public String bitsDescription() {
        return bitsAllocated + "/" + bitsStored + (signed() ? " signed" : " unsigned");
    }
}
