package io.radflow.quantification.render;

import io.radflow.quantification.compute.AxialSlice;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.DerivedValue;
import io.radflow.quantification.compute.SliceMeasurer;
import io.radflow.quantification.compute.TissueMasks;
import io.radflow.quantification.compute.TissueMeasurement;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The L3 slice as a PNG: the slice in an abdomen window (W 400 / L 40) at its own resolution, each
 * counted tissue pixel tinted in its tissue's colour ({@link #ALPHA} opaque), and to the right a legend
 * with each tissue's area and mean HU, SMI and BMI (or why they are missing), the HU ranges, and the
 * DEMO notice when the masks come from a demo model. Needs no display (headless AWT).
 */
public final class L3Picture {
    /** Width of the legend panel right of the slice, in pixels. */
    public static final int LEGEND_WIDTH = 360;
    /** Smallest picture height (the legend's). */
    public static final int MIN_HEIGHT = 512;
    /** Abdomen window centre (HU). */
    public static final double WINDOW_CENTER = 40;
    /** Abdomen window width (HU). */
    public static final double WINDOW_WIDTH = 400;
    /** Opacity of the tissue colours over the slice. */
    public static final double ALPHA = 0.45;

    private static final Color PANEL = new Color(24, 24, 28);
    private static final Color TEXT = new Color(235, 235, 235);
    private static final Color DIM = new Color(170, 170, 170);
    private static final Color DEMO = new Color(255, 80, 80);

    private L3Picture() {}

    /** Width of the picture of {@code slice}. */
    public static int width(AxialSlice slice) {
        return slice.columns() + LEGEND_WIDTH;
    }

    /** Height of the picture of {@code slice}. */
    public static int height(AxialSlice slice) {
        return Math.max(slice.rows(), MIN_HEIGHT);
    }

    /**
     * The picture of {@code result}'s L3 slice with its masks, classified with the result's thresholds.
     *
     * @throws IllegalArgumentException when a mask does not fit the slice
     */
    public static byte[] png(AxialSlice slice, TissueMasks masks, BodyCompositionResult result) {
        byte[] tissueMap = new SliceMeasurer(result.thresholds()).classify(slice, masks);
        return encode(image(slice, tissueMap, result));
    }

    /** The picture as an image (for callers that encode it themselves). */
    public static BufferedImage image(AxialSlice slice, byte[] tissueMap, BodyCompositionResult result) {
        int w = width(slice);
        int h = height(slice);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(px, PANEL.getRGB() & 0xFFFFFF);
        paintSlice(slice, tissueMap, px, w);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            legend(g, slice.columns() + 16, LEGEND_WIDTH - 28, result);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void paintSlice(AxialSlice slice, byte[] tissueMap, int[] px, int stride) {
        float[] hu = slice.hu();
        double low = WINDOW_CENTER - WINDOW_WIDTH / 2;
        double scale = 255 / WINDOW_WIDTH;
        BodyTissue[] tissues = BodyTissue.values();
        int[][] tint = new int[tissues.length + 1][];
        for (BodyTissue t : tissues) {
            int rgb = t.rgb();
            tint[t.ordinal() + 1] = new int[] {
                (int) Math.round(ALPHA * (rgb >> 16 & 0xFF)),
                (int) Math.round(ALPHA * (rgb >> 8 & 0xFF)),
                (int) Math.round(ALPHA * (rgb & 0xFF))
            };
        }
        int cols = slice.columns();
        for (int r = 0; r < slice.rows(); r++) {
            int o = r * cols;
            int d = r * stride;
            for (int c = 0; c < cols; c++) {
                double v = (hu[o + c] - low) * scale;
                int grey = v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
                int k = tissueMap[o + c];
                if (k == 0) {
                    px[d + c] = grey << 16 | grey << 8 | grey;
                } else {
                    int[] t = tint[k];
                    int base = (int) ((1 - ALPHA) * grey + 0.5);
                    px[d + c] = (base + t[0]) << 16 | (base + t[1]) << 8 | (base + t[2]);
                }
            }
        }
    }

    private static void legend(Graphics2D g, int x, int width, BodyCompositionResult res) {
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font bold = body.deriveFont(Font.BOLD);
        Font title = body.deriveFont(Font.BOLD, 16f);
        int y = 26;
        g.setColor(TEXT);
        g.setFont(title);
        g.drawString("Body composition at L3", x, y);
        y += 22;
        if (res.demo()) {
            g.setColor(DEMO);
            g.setFont(bold);
            for (String line : wrap(g.getFontMetrics(), demoLine(res.demoNotice()), width)) {
                g.drawString(line, x, y);
                y += 17;
            }
            y += 4;
        }
        g.setFont(body);
        g.setColor(DIM);
        if (res.l3() != null) {
            String pos = res.l3().positionMm() == null
                    ? ""
                    : String.format(Locale.ROOT, ", position %.1f mm", res.l3().positionMm());
            g.drawString("L3 slice picked by " + res.l3().source().name().toLowerCase(Locale.ROOT) + pos, x, y);
            y += 17;
            if (res.l3().slabSlices() > 1) {
                g.drawString("values: mean of " + res.l3().slabSlices() + " slices", x, y);
                y += 17;
            }
        }
        y += 8;
        for (BodyTissue t : BodyTissue.values()) {
            TissueMeasurement m = res.tissue(t);
            g.setColor(new Color(t.rgb()));
            g.fillRect(x, y - 12, 14, 14);
            g.setColor(TEXT);
            g.setFont(bold);
            g.drawString(t.displayName(), x + 22, y);
            y += 17;
            g.setFont(body);
            String hu = m.meanHu() == null ? "no pixels" : String.format(Locale.ROOT, "mean %.1f HU", m.meanHu());
            g.drawString(String.format(Locale.ROOT, "%.2f cm²   %s", m.areaCm2(), hu), x + 22, y);
            y += 23;
        }
        y += 4;
        y = derived(g, x, y, width, "SMI", res.smi(), "%.1f cm²/m²", bold, body);
        y = derived(g, x, y, width, "BMI", res.bmi(), "%.1f kg/m²", bold, body);
        y += 8;
        g.setColor(DIM);
        g.setFont(body);
        var th = res.thresholds();
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "Muscle %s…%s HU, fat %s…%s HU",
                        num(th.muscleMinHu()),
                        num(th.muscleMaxHu()),
                        num(th.adiposeMinHu()),
                        num(th.adiposeMaxHu())),
                x,
                y);
        y += 17;
        g.drawString("Window W 400 / L 40", x, y);
    }

    private static int derived(
            Graphics2D g, int x, int y, int width, String name, DerivedValue v, String format, Font bold, Font body) {
        g.setColor(TEXT);
        g.setFont(bold);
        if (v.hasValue()) {
            g.drawString(name + "  " + String.format(Locale.ROOT, format, v.value()), x, y);
            return y + 20;
        }
        g.drawString(name + "  missing", x, y);
        y += 17;
        g.setFont(body);
        g.setColor(DIM);
        for (String line : wrap(g.getFontMetrics(), v.missing(), width)) {
            g.drawString(line, x, y);
            y += 16;
        }
        return y + 4;
    }

    private static String demoLine(String notice) {
        return notice.regionMatches(true, 0, "DEMO", 0, 4) ? notice : "DEMO: " + notice;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static List<String> wrap(FontMetrics fm, String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(next) > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** PNG bytes of {@code img}, deflate level 4 (fast, about as small as the default). */
    public static byte[] encode(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (p.canWriteCompressed()) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.55f);
            }
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
