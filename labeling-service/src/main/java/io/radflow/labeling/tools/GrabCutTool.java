package io.radflow.labeling.tools;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * GrabCut ({@code Imgproc.grabCut}) in a rectangle drawn around an object, optionally corrected with
 * foreground and background scribbles.
 *
 * <p>The frame is mapped to 8-bit grey through the window and replicated to three channels. Outside
 * the rectangle is background (foreground scribbles excepted: they may lie outside it and are
 * selected); inside it is probably foreground. Without scribbles GrabCut starts
 * from the rectangle ({@code GC_INIT_WITH_RECT}); with scribbles the same start mask gets the
 * scribbled pixels as sure foreground ({@code GC_FGD}) or sure background ({@code GC_BGD}) and
 * GrabCut starts from that mask ({@code GC_INIT_WITH_MASK}).
 *
 * <p>GrabCut runs on a crop: the rectangle and the foreground scribbles, enlarged by a margin of
 * {@link #margin(int, int)} pixels on every side (clipped to the image). Everything outside the
 * crop is background either way; the background model is learnt from the margin ring (the
 * neighbourhood of the object) instead of the whole image, which is also what makes it fast.
 *
 * <p>GrabCut's time grows with the crop (about 250 ms for 5 iterations on a whole 512 × 512 CT
 * slice, more where the image is busy). Crops above {@link #MAX_PIXELS} are therefore reduced to
 * that many pixels (grey levels averaged; a cell with any scribble keeps it), segmented, and the
 * result enlarged bilinearly; the scribbles and the rectangle hold at full resolution.
 */
public final class GrabCutTool {
    /** Default number of GrabCut iterations. */
    public static final int DEFAULT_ITERATIONS = 5;
    /** Largest number of iterations. */
    public static final int MAX_ITERATIONS = 20;
    /** Smallest margin around the rectangle, in pixels. */
    public static final int MIN_MARGIN = 16;
    /**
     * Largest crop GrabCut runs on at full resolution (256 × 256 pixels); larger crops are reduced
     * to this many pixels, segmented, and the result enlarged again (bilinear, at one half).
     */
    public static final int MAX_PIXELS = 256 * 256;
    /** Fewest pixels of either model: GrabCut clusters each into 5 Gaussians. */
    static final int MIN_MODEL_PIXELS = 5;
    /** Label of a background-scribbled pixel in a start mask (GC_BGD when it goes to OpenCV). */
    private static final int SCRIBBLED_BGD = Imgproc.GC_PR_BGD;
    /** Seed of the thread's OpenCV RNG before each GrabCut (its k-means initialisation). */
    private static final int RNG_SEED = 0x5eed;

    private GrabCutTool() {}

    /**
     * Parameters of {@link #apply}. The scribble arrays are not copied.
     *
     * @param rect rectangle around the object
     * @param windowLow HU mapped to grey 0 (lower values clipped)
     * @param windowHigh HU mapped to grey 255 (higher values clipped)
     * @param foreground pixels scribbled as sure foreground (rows × columns, non-zero = scribbled), or
     *     null
     * @param background pixels scribbled as sure background (rows × columns, non-zero = scribbled), or
     *     null
     * @param iterations GrabCut iterations, 1 … {@value #MAX_ITERATIONS} ({@link #DEFAULT_ITERATIONS})
     */
    public record Params(
            Rect rect, double windowLow, double windowHigh, byte[] foreground, byte[] background, int iterations) {

        /** Validates every parameter that does not depend on the image. */
        public Params {
            if (rect == null) {
                throw new ToolException("no rectangle");
            }
            Tools.checkWindow("window", windowLow, windowHigh);
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new ToolException("iterations must be 1 … " + MAX_ITERATIONS + ", is " + iterations);
            }
        }

        /** A rectangle and a window, no scribbles, {@link #DEFAULT_ITERATIONS}. */
        public static Params of(Rect rect, double windowLow, double windowHigh) {
            return new Params(rect, windowLow, windowHigh, null, null, DEFAULT_ITERATIONS);
        }

        /** These parameters with scribbles (either may be null). */
        public Params withScribbles(byte[] fg, byte[] bg) {
            return new Params(rect, windowLow, windowHigh, fg, bg, iterations);
        }
    }

    /** The margin added around a rectangle of {@code width} × {@code height} before cropping. */
    public static int margin(int width, int height) {
        return Math.max(MIN_MARGIN, Math.max(width, height) / 2);
    }

    /**
     * The object in the rectangle.
     *
     * @return rows × columns bytes, row by row: 1 for (probable) foreground, 0 elsewhere (always 0
     *     outside the rectangle except on foreground scribbles)
     * @throws ToolException when the rectangle is not inside the image, a scribble mask does not have
     *     rows × columns values, a pixel is scribbled both foreground and background, or there are
     *     fewer than 5 pixels of possible foreground or of background
     */
    public static byte[] apply(HuFrame frame, Params p) {
        Tools.checkFrame(frame);
        if (p == null) {
            throw new ToolException("no parameters");
        }
        int rows = frame.rows();
        int columns = frame.columns();
        Rect r = p.rect();
        r.validate(rows, columns);
        byte[] fg = p.foreground();
        byte[] bg = p.background();
        Tools.checkMask("foreground scribble", fg, frame);
        Tools.checkMask("background scribble", bg, frame);

        // Crop: the rectangle and the foreground scribbles plus a margin.
        int x0 = r.x();
        int y0 = r.y();
        int x1 = r.x() + r.width();
        int y1 = r.y() + r.height();
        int scribbledFg = 0;
        int scribbledBg = 0;
        int both = 0;
        for (int i = 0; i < frame.size(); i++) {
            boolean f = fg != null && fg[i] != 0;
            boolean b = bg != null && bg[i] != 0;
            if (f && b) {
                both++;
            } else if (f) {
                scribbledFg++;
                int y = i / columns;
                int x = i % columns;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x + 1);
                y1 = Math.max(y1, y + 1);
            } else if (b) {
                scribbledBg++;
            }
        }
        if (both > 0) {
            throw new ToolException(both + " pixels are scribbled both foreground and background");
        }
        int m = margin(r.width(), r.height());
        x0 = Math.max(0, x0 - m);
        y0 = Math.max(0, y0 - m);
        x1 = Math.min(columns, x1 + m);
        y1 = Math.min(rows, y1 + m);
        int cw = x1 - x0;
        int ch = y1 - y0;

        // What each pixel of the crop starts as: GC_BGD outside the rectangle, GC_PR_FGD inside,
        // GC_FGD scribbled foreground, SCRIBBLED_BGD scribbled background.
        byte[] start = new byte[cw * ch];
        byte[] grayCrop = new byte[cw * ch];
        byte[] gray = Tools.gray8(frame, p.windowLow(), p.windowHigh());
        int fgPixels = 0;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int i = (y + y0) * columns + x + x0;
                int k = y * cw + x;
                grayCrop[k] = gray[i];
                int label = r.contains(y + y0, x + x0) ? Imgproc.GC_PR_FGD : Imgproc.GC_BGD;
                if (fg != null && fg[i] != 0) {
                    label = Imgproc.GC_FGD;
                } else if (bg != null && bg[i] != 0) {
                    label = SCRIBBLED_BGD;
                }
                start[k] = (byte) label;
                fgPixels += label == Imgproc.GC_FGD || label == Imgproc.GC_PR_FGD ? 1 : 0;
            }
        }
        int bgPixels = start.length - fgPixels;
        if (fgPixels < MIN_MODEL_PIXELS) {
            throw new ToolException("GrabCut needs at least " + MIN_MODEL_PIXELS
                    + " pixels of possible foreground; the rectangle " + r + " has " + fgPixels
                    + " (after background scribbles)");
        }
        if (bgPixels < MIN_MODEL_PIXELS) {
            throw new ToolException("GrabCut needs at least " + MIN_MODEL_PIXELS
                    + " background pixels; the rectangle " + r + " leaves " + bgPixels + " in the image of "
                    + columns + " columns x " + rows + " rows (draw it smaller or scribble background inside it)");
        }
        boolean scribbles = scribbledFg > 0 || scribbledBg > 0;

        Tools.loadOpenCv();
        byte[] result = null;
        if ((long) cw * ch > MAX_PIXELS) {
            double scale = Math.sqrt((double) MAX_PIXELS / ((long) cw * ch));
            int sw = Math.max(1, (int) Math.floor(cw * scale));
            int sh = Math.max(1, (int) Math.floor(ch * scale));
            byte[] small = shrinkLabels(start, cw, ch, sw, sh);
            if (modelsLargeEnough(small)) {
                byte[] smallResult =
                        grabCut(shrinkGray(grayCrop, cw, ch, sw, sh), small, sw, sh, scribbles, p.iterations());
                result = enlarge(smallResult, sw, sh, cw, ch);
            }
        }
        if (result == null) {
            result = grabCut(grayCrop, start, cw, ch, scribbles, p.iterations());
        }

        byte[] out = new byte[frame.size()];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int k = y * cw + x;
                // the start's sure labels hold at full resolution too
                int selected =
                        switch (start[k]) {
                            case Imgproc.GC_FGD -> 1;
                            case Imgproc.GC_PR_FGD -> result[k];
                            default -> 0;
                        };
                out[(y + y0) * columns + x + x0] = (byte) selected;
            }
        }
        return out;
    }

    /**
     * GrabCut on a {@code w} × {@code h} grey image from a start mask (GC_BGD, GC_FGD, GC_PR_FGD,
     * {@link #SCRIBBLED_BGD}): 1 for (probable) foreground, 0 else.
     */
    private static byte[] grabCut(byte[] grayPixels, byte[] start, int w, int h, boolean scribbles, int iterations) {
        byte[] mask = new byte[w * h];
        int rx0 = w;
        int ry0 = h;
        int rx1 = -1;
        int ry1 = -1;
        for (int k = 0; k < mask.length; k++) {
            int label = start[k] == SCRIBBLED_BGD ? Imgproc.GC_BGD : start[k];
            mask[k] = (byte) label;
            if (label == Imgproc.GC_PR_FGD) {
                rx0 = Math.min(rx0, k % w);
                ry0 = Math.min(ry0, k / w);
                rx1 = Math.max(rx1, k % w);
                ry1 = Math.max(ry1, k / w);
            }
        }
        Mat grey = new Mat(h, w, CvType.CV_8UC1);
        Mat image = new Mat();
        Mat cvMask = new Mat(h, w, CvType.CV_8UC1);
        Mat bgModel = new Mat();
        Mat fgModel = new Mat();
        try {
            grey.put(0, 0, grayPixels);
            Imgproc.cvtColor(grey, image, Imgproc.COLOR_GRAY2BGR);
            cvMask.put(0, 0, mask);
            // GrabCut's k-means draws from the thread's RNG: seeded, the same input gives the same mask
            Core.setRNGSeed(RNG_SEED);
            // without scribbles the start mask is the rectangle's (GC_INIT_WITH_RECT builds the same)
            org.opencv.core.Rect rect = new org.opencv.core.Rect(rx0, ry0, rx1 - rx0 + 1, ry1 - ry0 + 1);
            Imgproc.grabCut(
                    image,
                    cvMask,
                    rect,
                    bgModel,
                    fgModel,
                    iterations,
                    scribbles ? Imgproc.GC_INIT_WITH_MASK : Imgproc.GC_INIT_WITH_RECT);
            cvMask.get(0, 0, mask);
        } finally {
            grey.release();
            image.release();
            cvMask.release();
            bgModel.release();
            fgModel.release();
        }
        for (int k = 0; k < mask.length; k++) {
            mask[k] = (byte) (mask[k] & 1);
        }
        return mask;
    }

    /** Whether a start mask has enough pixels for both colour models. */
    private static boolean modelsLargeEnough(byte[] start) {
        int fgPixels = 0;
        for (byte b : start) {
            fgPixels += b == Imgproc.GC_FGD || b == Imgproc.GC_PR_FGD ? 1 : 0;
        }
        return fgPixels >= MIN_MODEL_PIXELS && start.length - fgPixels >= MIN_MODEL_PIXELS;
    }

    /**
     * A start mask of {@code w} × {@code h} reduced to {@code sw} × {@code sh} (sw ≤ w, sh ≤ h): a
     * cell takes the strongest label among its pixels (scribbled foreground, scribbled background,
     * inside the rectangle, outside), so that thin scribbles and rectangles are kept.
     */
    private static byte[] shrinkLabels(byte[] start, int w, int h, int sw, int sh) {
        byte[] out = new byte[sw * sh];
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                boolean fgScribble = false;
                boolean bgScribble = false;
                boolean rect = false;
                for (int y = cellStart(sy, h, sh); y < cellStart(sy + 1, h, sh); y++) {
                    for (int x = cellStart(sx, w, sw); x < cellStart(sx + 1, w, sw); x++) {
                        int v = start[y * w + x];
                        fgScribble |= v == Imgproc.GC_FGD;
                        bgScribble |= v == SCRIBBLED_BGD;
                        rect |= v == Imgproc.GC_PR_FGD;
                    }
                }
                out[sy * sw + sx] = (byte)
                        (fgScribble
                                ? Imgproc.GC_FGD
                                : bgScribble ? SCRIBBLED_BGD : rect ? Imgproc.GC_PR_FGD : Imgproc.GC_BGD);
            }
        }
        return out;
    }

    /** A grey image of {@code w} × {@code h} reduced to {@code sw} × {@code sh} by cell means. */
    private static byte[] shrinkGray(byte[] gray, int w, int h, int sw, int sh) {
        byte[] out = new byte[sw * sh];
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int sum = 0;
                int n = 0;
                for (int y = cellStart(sy, h, sh); y < cellStart(sy + 1, h, sh); y++) {
                    for (int x = cellStart(sx, w, sw); x < cellStart(sx + 1, w, sw); x++) {
                        sum += gray[y * w + x] & 0xFF;
                        n++;
                    }
                }
                out[sy * sw + sx] = (byte) ((sum + n / 2) / n);
            }
        }
        return out;
    }

    /** First full-resolution row or column of cell {@code i} when {@code n} are reduced to {@code sn}. */
    private static int cellStart(int i, int n, int sn) {
        return (int) ((long) i * n / sn);
    }

    /**
     * A 0/1 mask of {@code sw} × {@code sh} enlarged to {@code w} × {@code h}: bilinear
     * interpolation, 1 where it reaches one half (smooth edges instead of blocks).
     */
    private static byte[] enlarge(byte[] small, int sw, int sh, int w, int h) {
        Mat src = new Mat(sh, sw, CvType.CV_8UC1);
        Mat dst = new Mat();
        try {
            byte[] scaled = new byte[small.length];
            for (int k = 0; k < small.length; k++) {
                scaled[k] = (byte) (small[k] != 0 ? 255 : 0);
            }
            src.put(0, 0, scaled);
            Imgproc.resize(src, dst, new org.opencv.core.Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
            byte[] out = new byte[w * h];
            dst.get(0, 0, out);
            for (int k = 0; k < out.length; k++) {
                out[k] = (byte) ((out[k] & 0xFF) >= 128 ? 1 : 0);
            }
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }
}
