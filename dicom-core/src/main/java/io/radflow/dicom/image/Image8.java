package io.radflow.dicom.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit display image: 1 channel (grey) or 3 (R, G, B interleaved), row by row.
 *
 * @param width columns
 * @param height rows
 * @param channels 1 or 3
 * @param pixels {@code width * height * channels} bytes
 */
public record Image8(int width, int height, int channels, byte[] pixels) {

    public Image8 {
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("pixel buffer does not match " + width + "x" + height + "x" + channels);
        }
    }

    /** The grey value or channel {@code c} at {@code x}, {@code y} (0..255). */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    /**
     * Scales to fit inside {@code maxWidth} x {@code maxHeight} keeping the aspect ratio (area
     * average when shrinking, nearest neighbour when enlarging); unchanged when it already fits
     * exactly or either bound is not positive.
     */
    public Image8 fitInto(int maxWidth, int maxHeight) {
        if (maxWidth <= 0 || maxHeight <= 0 || (maxWidth == width && maxHeight == height)) {
            return this;
        }
        double scale = Math.min((double) maxWidth / width, (double) maxHeight / height);
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        return resize(w, h);
    }

    /** Resamples to exactly {@code w} x {@code h}. */
    public Image8 resize(int w, int h) {
        if (w == width && h == height) {
            return this;
        }
        byte[] out = new byte[w * h * channels];
        int[] sum = new int[channels];
        for (int y = 0; y < h; y++) {
            int y0 = (int) ((long) y * height / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * height / h));
            for (int x = 0; x < w; x++) {
                int x0 = (int) ((long) x * width / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * width / w));
                java.util.Arrays.fill(sum, 0);
                for (int sy = y0; sy < y1; sy++) {
                    int row = sy * width;
                    for (int sx = x0; sx < x1; sx++) {
                        int p = (row + sx) * channels;
                        for (int c = 0; c < channels; c++) {
                            sum[c] += pixels[p + c] & 0xFF;
                        }
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                int o = (y * w + x) * channels;
                for (int c = 0; c < channels; c++) {
                    out[o + c] = (byte) ((sum[c] + n / 2) / n);
                }
            }
        }
        return new Image8(w, h, channels, out);
    }

    /** A {@code TYPE_BYTE_GRAY} or {@code TYPE_3BYTE_BGR} image with these pixels. */
    public BufferedImage toBufferedImage() {
        if (channels == 1) {
            BufferedImage bi = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
            System.arraycopy(pixels, 0, dst, 0, pixels.length);
            return bi;
        }
        BufferedImage bi = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i += 3) {
            dst[i] = pixels[i + 2];
            dst[i + 1] = pixels[i + 1];
            dst[i + 2] = pixels[i];
        }
        return bi;
    }
}
