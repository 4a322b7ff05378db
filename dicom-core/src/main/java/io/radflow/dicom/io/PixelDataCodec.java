package io.radflow.dicom.io;

import io.radflow.dicom.data.Attributes;
import java.io.IOException;

/**
 * Hook for pixel data compression and decompression used by {@link Transcoder}. Implementations
 * (in {@code io.radflow.dicom.image}) register through {@code
 * META-INF/services/io.radflow.dicom.io.PixelDataCodec} or {@link Transcoder#register}.
 */
public interface PixelDataCodec {
    /** True if this codec converts pixel data encoded in {@code sourceTs} to {@code targetTs}. */
    boolean canTranscode(String sourceTs, String targetTs);

    /**
     * Replaces the Pixel Data of {@code dataset} (encoded in {@code sourceTs}: bytes, {@code
     * BulkData} or {@code Fragments}) by its encoding in {@code targetTs}, updating attributes the
     * new encoding changes (e.g. Photometric Interpretation, Lossy Image Compression).
     */
    void transcode(Attributes dataset, String sourceTs, String targetTs) throws IOException;
}
