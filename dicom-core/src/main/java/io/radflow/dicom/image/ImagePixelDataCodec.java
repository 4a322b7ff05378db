package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.PixelDataCodec;
import java.io.IOException;

/**
 * Registers the image codecs with {@link io.radflow.dicom.io.Transcoder} (through {@code
 * META-INF/services}): decompression of RLE, JPEG and JPEG 2000 to native, compression to RLE
 * Lossless and JPEG 2000 lossless.
 */
public final class ImagePixelDataCodec implements PixelDataCodec {

    @Override
    public boolean canTranscode(String sourceTs, String targetTs) {
        return PixelDataTranscoder.canTranscode(sourceTs, targetTs);
    }

    @Override
    public void transcode(Attributes dataset, String sourceTs, String targetTs) throws IOException {
        PixelDataTranscoder.transcode(dataset, sourceTs, targetTs);
    }
}
