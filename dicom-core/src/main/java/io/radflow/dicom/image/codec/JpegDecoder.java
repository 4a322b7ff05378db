package io.radflow.dicom.image.codec;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.UnsupportedTransferSyntaxException;
import java.awt.image.Raster;

/**
 * JPEG baseline (.50), extended 8-bit (.51) and lossless (.57, .70) decoding with TwelveMonkeys
 * imageio-jpeg. Samples are read as stored in the stream, without colour conversion (what pydicom
 * and dcmtk's {@code dcmdjpeg +cn} return): a YBR_FULL_422 image decodes to full-resolution
 * YBR_FULL, convert with {@link io.radflow.dicom.image.ColorConversion} to show it.
 */
public final class JpegDecoder implements FrameDecoder {
    private static final String TWELVEMONKEYS = "com.twelvemonkeys.imageio.plugins.jpeg.";

    @Override
    public ImageDescriptor decodedDescriptor(ImageDescriptor stored) {
        ImageDescriptor d = stored.withPlanarConfiguration(0);
        return d.photometricInterpretation() == PhotometricInterpretation.YBR_FULL_422
                ? d.withPhotometricInterpretation(PhotometricInterpretation.YBR_FULL)
                : d;
    }

    @Override
    public byte[] decode(ImageDescriptor stored, byte[] frame) throws PixelDataException {
        JpegHeader h = JpegHeader.parse(frame);
        if (h.jpegLS()) {
            throw new UnsupportedTransferSyntaxException(
                    UID.JPEGLSLossless, "JPEG-LS data (no JPEG-LS decoder on the class path)");
        }
        if (!h.lossless() && h.precision() != 8) {
            throw new UnsupportedTransferSyntaxException(
                    UID.JPEGExtended12Bit, h.precision() + "-bit lossy JPEG (only 8-bit lossy JPEG is decoded)");
        }
        if (h.rows() != stored.rows()
                || h.columns() != stored.columns()
                || h.components() != stored.samplesPerPixel()) {
            throw new PixelDataException("JPEG frame is " + h.columns() + "x" + h.rows() + "x" + h.components()
                    + ", attributes say " + stored.columns() + "x" + stored.rows() + "x" + stored.samplesPerPixel());
        }
        if (h.precision() > stored.bitsAllocated()) {
            throw new PixelDataException(
                    "JPEG precision " + h.precision() + " exceeds Bits Allocated " + stored.bitsAllocated());
        }
        ImageDescriptor decoded = decodedDescriptor(stored);
        Raster raster;
        try {
            raster = ImageIOSupport.readRaster(
                    ImageIOSupport.reader("jpeg", TWELVEMONKEYS), frame, "JPEG", stored.pixelsPerFrame());
        } catch (PixelDataException e) {
            byte[] cleaned = JpegHeader.withoutAppSegments(frame);
            if (cleaned.length == frame.length) {
                throw e;
            }
            raster = ImageIOSupport.readRaster(
                    ImageIOSupport.reader("jpeg", TWELVEMONKEYS), cleaned, "JPEG", stored.pixelsPerFrame());
        }
        return RasterPacker.toNative(raster, decoded);
    }
}
