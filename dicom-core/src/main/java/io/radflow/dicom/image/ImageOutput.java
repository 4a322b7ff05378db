package io.radflow.dicom.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes rendered images as PNG or JPEG (ImageIO). */
public final class ImageOutput {
    private ImageOutput() {}

    public static void writePng(Image8 img, OutputStream out) throws IOException {
        if (!ImageIO.write(img.toBufferedImage(), "png", out)) {
            throw new IOException("no PNG writer");
        }
    }

    /** JPEG with {@code quality} 1..100 (WADO-RS {@code quality}). */
    public static void writeJpeg(Image8 img, int quality, OutputStream out) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        if (!it.hasNext()) {
            throw new IOException("no JPEG writer");
        }
        ImageWriter w = it.next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img.toBufferedImage(), null, null), p);
        } finally {
            w.dispose();
        }
    }

    /** Writes PNG or JPEG (quality 90) by the file name's extension. */
    public static void write(Image8 img, String fileName, OutputStream out) throws IOException {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            writeJpeg(img, 90, out);
        } else {
            writePng(img, out);
        }
    }
}
