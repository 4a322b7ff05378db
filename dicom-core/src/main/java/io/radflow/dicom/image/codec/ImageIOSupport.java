package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.PixelDataException;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Finds a specific ImageIO reader and reads a raster with it, mapping every failure. */
final class ImageIOSupport {
    /** Decoding time budget: 750 ms plus 500 ns per pixel (about 3 s for 2048 x 2048). */
    private static final long BASE_NANOS = 750_000_000L;

    private static final long NANOS_PER_PIXEL = 500L;

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
     * kind (runtime exceptions and errors other than {@link VirtualMachineError} on malformed
     * streams) become {@link PixelDataException}.
     */
    static Raster readRaster(ImageReader reader, byte[] data, String what, long pixels) throws PixelDataException {
        long deadline = System.nanoTime() + BASE_NANOS + pixels * NANOS_PER_PIXEL;
        try (ImageInputStream in = new DeadlineImageInputStream(data, deadline)) {
            reader.setInput(in, true, true);
            return reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new PixelDataException(-1, what + " decoding failed: " + e, e);
        } catch (StackOverflowError e) {
            throw new PixelDataException(-1, what + " decoding failed: stack overflow", e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // jj2000 (jai-imageio J2K) ends on malformed codestreams with ThreadDeath after printing
            // the cause to stderr
            throw new PixelDataException(-1, what + " decoding failed: " + e, e);
        } finally {
            reader.dispose();
        }
    }
}
