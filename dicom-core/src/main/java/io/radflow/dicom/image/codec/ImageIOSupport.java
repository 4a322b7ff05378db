package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.PixelDataException;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Finds a specific ImageIO reader and reads a raster with it, mapping every failure. */
final class ImageIOSupport {
    private ImageIOSupport() {}

    /** A new reader of {@code format} whose class name starts with {@code classPrefix}. */
    static ImageReader reader(String format, String classPrefix) throws PixelDataException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith(classPrefix)) {
                return r;
            }
        }
        ImageIO.scanForPlugins();
        it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith(classPrefix)) {
                return r;
            }
        }
        throw new PixelDataException("no ImageIO reader " + classPrefix + " for " + format + " on the class path");
    }

    /**
     * Reads image 0 of {@code data} as a raster without colour conversion. Library failures of any
     * kind (including runtime exceptions on malformed streams) become {@link PixelDataException}.
     */
    static Raster readRaster(ImageReader reader, byte[] data, String what) throws PixelDataException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new PixelDataException(-1, what + " decoding failed: " + e, e);
        } catch (StackOverflowError e) {
            throw new PixelDataException(-1, what + " decoding failed: stack overflow", e);
        } finally {
            reader.dispose();
        }
    }
}
