package io.radflow.dicom.image.codec;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.NativePixelDecoder;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.PixelRaster;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG 2000 reversible (5/3 wavelet, lossless, .90) encoder with jai-imageio: writes a bare
 * codestream, without multi-component transform (RGB stays RGB), signed components for Pixel
 * Representation 1. 8- and 16-bit data, 1 or 3 samples; not unsigned data with 16 bits stored,
 * which jai-imageio does not round-trip.
 */
public final class Jpeg2000LosslessEncoder implements FrameEncoder {

    @Override
    public ImageDescriptor encodedDescriptor(ImageDescriptor nativeDescriptor) {
        return nativeDescriptor.withPlanarConfiguration(0);
    }

    @Override
    public byte[] encode(ImageDescriptor d, byte[] frame) throws PixelDataException {
        if (d.bitsAllocated() != 8 && d.bitsAllocated() != 16 || d.subsampledNative()) {
            throw new PixelDataException("JPEG 2000 encoder handles 8/16-bit unsubsampled data, not "
                    + d.bitsDescription() + " " + d.photometricInterpretation().code());
        }
        if (!d.signed() && d.bitsStored() == 16) {
            // jai-imageio 1.4.0 shifts every value of full-range unsigned 16-bit images (tested)
            throw new PixelDataException("JPEG 2000 encoder cannot encode unsigned 16-bit stored data exactly");
        }
        PixelRaster px = NativePixelDecoder.decode(d.withFrames(1), frame, 0, false);
        int w = d.columns();
        int h = d.rows();
        int spp = d.samplesPerPixel();
        int type = d.bitsAllocated() == 8
                ? DataBuffer.TYPE_BYTE
                : d.signed() ? DataBuffer.TYPE_SHORT : DataBuffer.TYPE_USHORT;
        int[] offsets = spp == 1 ? new int[] {0} : new int[] {0, 1, 2};
        WritableRaster raster =
                Raster.createWritableRaster(new PixelInterleavedSampleModel(type, w, h, spp, w * spp, offsets), null);
        raster.setPixels(0, 0, w, h, px.samples());
        // unsigned: code the stored precision; signed: 16 (stored values are sign-extended)
        int bits = d.signed() ? d.bitsAllocated() : d.bitsStored();
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(spp == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB),
                spp == 1 ? new int[] {bits} : new int[] {bits, bits, bits},
                false,
                false,
                Transparency.OPAQUE,
                type);
        BufferedImage image = new BufferedImage(cm, raster, false, null);
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg2000");
        if (!it.hasNext()) {
            throw new PixelDataException("no JPEG 2000 ImageIO writer on the class path");
        }
        ImageWriter writer = it.next();
        J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
        param.setLossless(true);
        param.setFilter(J2KImageWriteParam.FILTER_53);
        param.setWriteCodeStreamOnly(true);
        param.setComponentTransformation(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.length / 2 + 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException | RuntimeException e) {
            throw new PixelDataException(-1, "JPEG 2000 encoding failed: " + e, e);
        } finally {
            writer.dispose();
        }
        if ((bytes.size() & 1) != 0) {
            bytes.write(0);
        }
        return bytes.toByteArray();
    }
}
