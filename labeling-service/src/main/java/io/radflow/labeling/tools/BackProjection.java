package io.radflow.labeling.tools;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * "Select a rectangle on a sample of the tissue, get the pixels whose histogram matches": histogram
 * back projection.
 *
 * <ol>
 *   <li>The frame is mapped to 8-bit grey through the window ({@code windowLow … windowHigh} to 0 …
 *       255, values outside clipped).
 *   <li>The grey histogram of the sample rectangle's pixels inside the window ({@code bins} bins,
 *       scaled so that its highest bin is 255) is back-projected onto the image ({@code
 *       Imgproc.calcHist}, {@code Imgproc.calcBackProject}): each pixel gets the likelihood of its
 *       grey level in the sample.
 *   <li>Pixels outside the window get likelihood 0; the likelihood is smoothed ({@code smoothing},
 *       a Gaussian of that kernel size) and thresholded at {@code threshold} × its maximum.
 *   <li>The selection is closed then opened with an elliptic kernel of size {@code morphology}, and
 *       finally restricted to pixels inside the window (never anything else) and inside {@code
 *       within}.
 * </ol>
 */
public final class BackProjection {
    /** Default number of histogram bins. */
    public static final int DEFAULT_BINS = 32;
    /**
     * Default threshold: fraction of the largest smoothed likelihood. Chosen with {@link
     * #DEFAULT_SMOOTHING} and {@link #DEFAULT_MORPHOLOGY} on synthetic L3 slices (muscle sample,
     * window −29…150 HU): it keeps 97–99 % of the muscle and drops most bowel (20 HU) and the thin
     * skin; lower values also select bowel, higher ones lose muscle.
     */
    public static final double DEFAULT_THRESHOLD = 0.4;
    /** Default smoothing kernel (Gaussian, pixels). */
    public static final int DEFAULT_SMOOTHING = 7;
    /** Default morphology kernel (closing then opening, pixels). */
    public static final int DEFAULT_MORPHOLOGY = 5;
    /** Largest smoothing or morphology kernel. */
    public static final int MAX_KERNEL = 31;

    private BackProjection() {}

    /**
     * Parameters of {@link #apply}.
     *
     * @param sample rectangle on a sample of the tissue
     * @param windowLow HU mapped to grey 0; lower values are clipped and never selected
     * @param windowHigh HU mapped to grey 255; higher values are clipped and never selected
     * @param bins histogram bins, 2 … 256 ({@link #DEFAULT_BINS})
     * @param threshold fraction (0 … 1) of the largest smoothed likelihood a pixel needs; 0 selects
     *     every pixel whose grey level occurs in the sample ({@link #DEFAULT_THRESHOLD})
     * @param smoothing Gaussian kernel size applied to the likelihood: 0 (none) or odd 3 … {@value
     *     #MAX_KERNEL}
     * @param morphology elliptic kernel size of the closing and opening of the selection: 0 (none) or
     *     odd 3 … {@value #MAX_KERNEL}
     * @param within rectangle the output is restricted to; null for the whole image
     */
    public record Params(
            Rect sample,
            double windowLow,
            double windowHigh,
            int bins,
            double threshold,
            int smoothing,
            int morphology,
            Rect within) {

        /** Validates every parameter that does not depend on the image. */
        public Params {
            if (sample == null) {
                throw new ToolException("no sample rectangle");
            }
            Tools.checkWindow("window", windowLow, windowHigh);
            if (bins < 2 || bins > 256) {
                throw new ToolException("bins must be 2 … 256, is " + bins);
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new ToolException(
                        "threshold must be 0 … 1 (a fraction of the largest likelihood), is " + threshold);
            }
            checkKernel("smoothing", smoothing);
            checkKernel("morphology", morphology);
        }

        /** The defaults for a sample rectangle and a window. */
        public static Params of(Rect sample, double windowLow, double windowHigh) {
            return new Params(
                    sample,
                    windowLow,
                    windowHigh,
                    DEFAULT_BINS,
                    DEFAULT_THRESHOLD,
                    DEFAULT_SMOOTHING,
                    DEFAULT_MORPHOLOGY,
                    null);
        }

        /** These parameters with the output restricted to {@code rect} (null: whole image). */
        public Params within(Rect rect) {
            return new Params(sample, windowLow, windowHigh, bins, threshold, smoothing, morphology, rect);
        }

        private static void checkKernel(String what, int size) {
            if (size != 0 && (size < 3 || size > MAX_KERNEL || size % 2 == 0)) {
                throw new ToolException(
                        what + " must be 0 (none) or an odd kernel size 3 … " + MAX_KERNEL + ", is " + size);
            }
        }
    }

    /**
     * The pixels whose grey level is likely in the sample's histogram.
     *
     * @return rows × columns bytes, row by row: 1 selected, 0 not
     * @throws ToolException when the sample or {@code within} is not inside the image, or no pixel of
     *     the sample lies inside the window
     */
    public static byte[] apply(HuFrame frame, Params p) {
        Tools.checkFrame(frame);
        if (p == null) {
            throw new ToolException("no parameters");
        }
        int rows = frame.rows();
        int columns = frame.columns();
        p.sample().validate(rows, columns);
        Rect within = p.within() != null ? p.within() : new Rect(0, 0, columns, rows);
        within.validate(rows, columns);

        // one pass: the window as 8-bit grey, and which pixels lie inside it
        float[] v = frame.values();
        byte[] inWindow = new byte[v.length];
        byte[] grey = Tools.gray8(frame, p.windowLow(), p.windowHigh(), inWindow);
        Rect s = p.sample();
        int sampled = 0;
        for (int y = s.y(); y < s.y() + s.height(); y++) {
            for (int i = y * columns + s.x(); i < y * columns + s.x() + s.width(); i++) {
                sampled += inWindow[i] != 0 ? 1 : 0;
            }
        }
        if (sampled == 0) {
            throw new ToolException("no pixel of the sample rectangle " + s + " lies inside the window " + p.windowLow()
                    + " .. " + p.windowHigh());
        }

        Tools.loadOpenCv();
        List<Mat> mats = new ArrayList<>();
        try {
            Mat gray = track(mats, new Mat(rows, columns, CvType.CV_8UC1));
            gray.put(0, 0, grey);
            Mat window = track(mats, new Mat(rows, columns, CvType.CV_8UC1));
            window.put(0, 0, inWindow);
            MatOfInt channels = track(mats, new MatOfInt(0));
            MatOfFloat ranges = track(mats, new MatOfFloat(0f, 256f));
            org.opencv.core.Rect sampleRect = s.toOpenCv();
            Mat hist = track(mats, new Mat());
            Imgproc.calcHist(
                    List.of(track(mats, gray.submat(sampleRect))),
                    channels,
                    track(mats, window.submat(sampleRect)),
                    hist,
                    track(mats, new MatOfInt(p.bins())),
                    ranges);
            // scaled, not min-max normalised: a bin's likelihood is its count / the largest count
            Core.normalize(hist, hist, 255, 0, Core.NORM_INF);
            Mat likelihood = track(mats, new Mat());
            Imgproc.calcBackProject(List.of(gray), channels, hist, likelihood, ranges, 1);
            Mat outside = track(mats, new Mat());
            Core.bitwise_not(window, outside);
            likelihood.setTo(new Scalar(0), outside);
            if (p.smoothing() > 0) {
                Imgproc.GaussianBlur(likelihood, likelihood, new Size(p.smoothing(), p.smoothing()), 0);
            }
            double max = Core.minMaxLoc(track(mats, likelihood.submat(within.toOpenCv()))).maxVal;
            double level = Math.max(1, Math.ceil(p.threshold() * max));
            Mat selected = track(mats, new Mat());
            Core.compare(likelihood, new Scalar(level), selected, Core.CMP_GE);
            if (p.morphology() > 0) {
                Mat kernel = track(
                        mats,
                        Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(p.morphology(), p.morphology())));
                Imgproc.morphologyEx(selected, selected, Imgproc.MORPH_CLOSE, kernel);
                Imgproc.morphologyEx(selected, selected, Imgproc.MORPH_OPEN, kernel);
            }
            // inside the window and inside `within` only, as 0/1
            Core.bitwise_and(selected, window, selected);
            if (within.x() != 0 || within.y() != 0 || within.width() != columns || within.height() != rows) {
                Mat keep = track(mats, Mat.zeros(rows, columns, CvType.CV_8UC1));
                track(mats, keep.submat(within.toOpenCv())).setTo(new Scalar(255));
                Core.bitwise_and(selected, keep, selected);
            }
            Imgproc.threshold(selected, selected, 0, 1, Imgproc.THRESH_BINARY);
            byte[] out = new byte[v.length];
            selected.get(0, 0, out);
            return out;
        } finally {
            mats.forEach(Mat::release);
        }
    }

    private static <M extends Mat> M track(List<Mat> mats, M mat) {
        mats.add(mat);
        return mat;
    }
}
