package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PixelDataException;
import java.awt.image.Raster;

/** Writes the samples of a decoded AWT raster as native little-endian, pixel-interleaved bytes. */
final class RasterPacker {
    private RasterPacker() {}

    static byte[] toNative(Raster raster, ImageDescriptor decoded) throws PixelDataException {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        if (w != decoded.columns() || h != decoded.rows() || bands != decoded.samplesPerPixel()) {
            throw new PixelDataException("decoded image is " + w + "x" + h + "x" + bands + ", attributes say "
                    + decoded.columns() + "x" + decoded.rows() + "x" + decoded.samplesPerPixel());
        }
        int bps = decoded.bytesPerSample();
        byte[] out = new byte[decoded.frameLength()];
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int v : row) {
                out[o] = (byte) v;
                if (bps > 1) {
                    out[o + 1] = (byte) (v >> 8);
                    if (bps > 2) {
                        out[o + 2] = (byte) (v >> 16);
                        out[o + 3] = (byte) (v >> 24);
                    }
                }
                o += bps;
            }
        }
        return out;
    }
}
