package io.radflow.dicom.io;

/**
 * Hard limits for {@link DicomInputStream}; exceeding one ends parsing with a {@link
 * DicomStreamException}. Independently of these, no value may be longer than the input that
 * remains when the input's length is known (files, byte arrays), and values of streams of
 * unknown length are read in bounded chunks so a forged length cannot allocate memory ahead of
 * the data, and the values one stream reads into memory may not add up to more than half the
 * Java heap (so that, for example, a deflate bomb ends in an exception instead of an
 * OutOfMemoryError).
 *
 * @param maxValueLength longest value read into memory, in bytes
 * @param maxDepth deepest sequence nesting
 * @param maxElements most elements, items and fragments in one data set (all levels)
 * @param maxTotalBytes most bytes read (after inflation for deflated transfer syntaxes)
 */
public record DicomInputLimits(long maxValueLength, int maxDepth, long maxElements, long maxTotalBytes) {
    /** Defaults: 2 GiB values, depth 64, 10 million elements, unlimited total. */
    public static final DicomInputLimits DEFAULT =
            new DicomInputLimits(Integer.MAX_VALUE - 8, 64, 10_000_000, Long.MAX_VALUE);

    /** Limits for untrusted uploads: 256 MiB values, depth 32, 1 million elements, 4 GiB total. */
    public static final DicomInputLimits UNTRUSTED = new DicomInputLimits(256L << 20, 32, 1_000_000, 4L << 30);
}
