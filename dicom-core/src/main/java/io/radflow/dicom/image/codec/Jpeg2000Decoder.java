package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;

/**
 * JPEG 2000 (.90 lossless, .91) decoding with jai-imageio's pure Java J2K reader. It was chosen
 * over OpenCV's {@code imdecode} because OpenCV 4.9 refuses signed components (every signed CT and
 * MR image) while jai-imageio decodes pydicom's signed 16-bit lossless files exactly. Colour images
 * coded with a component transform (YBR_RCT / YBR_ICT) decode to RGB.
 */
public final class Jpeg2000Decoder implements FrameDecoder {
    private static final String JAI = "com.github.jaiimageio.jpeg2000.";
    private static final long MAX_TILES = 65_535;

    @Override
    public ImageDescriptor decodedDescriptor(ImageDescriptor stored) {
        ImageDescriptor d = stored.withPlanarConfiguration(0);
        PhotometricInterpretation pi = d.photometricInterpretation();
        return pi == PhotometricInterpretation.YBR_RCT || pi == PhotometricInterpretation.YBR_ICT
                ? d.withPhotometricInterpretation(PhotometricInterpretation.RGB)
                : d;
    }

    @Override
    public byte[] decode(ImageDescriptor stored, byte[] frame) throws PixelDataException {
        Jpeg2000Header h = Jpeg2000Header.parse(frame);
        if (h.columns() != stored.columns()
                || h.rows() != stored.rows()
                || h.components() != stored.samplesPerPixel()) {
            throw new PixelDataException("JPEG 2000 frame is " + h.columns() + "x" + h.rows() + "x" + h.components()
                    + ", attributes say " + stored.columns() + "x" + stored.rows() + "x" + stored.samplesPerPixel());
        }
        if (h.tiles() > MAX_TILES) {
            throw new PixelDataException("JPEG 2000 frame has " + h.tiles() + " tiles");
        }
        if (h.precision() > stored.bitsAllocated()) {
            throw new PixelDataException(
                    "JPEG 2000 precision " + h.precision() + " exceeds Bits Allocated " + stored.bitsAllocated());
        }
        return RasterPacker.toNative(
                ImageIOSupport.readRaster(ImageIOSupport.reader("jpeg2000", JAI), frame, "JPEG 2000"),
                decodedDescriptor(stored));
    }
}
