package io.radflow.dicom.sr;

import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.codec.OpenCvLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

/**
 * The outline of the largest connected region (8-connected) of a mask, as one closed SCOORD POLYLINE
 * in image coordinates (column, row) as PS3.3 C.18.6.1.2 defines them: (0, 0) is the top left corner
 * of the top left pixel, a pixel (c, r) covers [c, c + 1] × [r, r + 1] and its centre is (c + 0.5, r +
 * 0.5). The outline runs along the pixels' edges (OpenCV {@code findContours} on the grid of pixel
 * corners), so the polygon encloses the region's pixels themselves, not their centres; it is then
 * simplified ({@code approxPolyDP}, at most {@link #MAX_POINTS} points, deviation at most a pixel or
 * two). Holes of the region of at least {@link #MIN_HOLE_PIXELS} pixels (e.g. the abdomen inside the
 * ring of subcutaneous fat) are kept by a "keyhole" cut: the polyline goes from the outer boundary to
 * the hole, around it the other way and back, so that the polygon's area (shoelace) is the outer
 * boundary's less the holes'. Smaller holes are filled in the drawing (gaps one pixel wide close
 * on the grid of corners and are not even counted).
 *
 * @param polyline closed polyline (first point repeated last), column/row pairs
 * @param regionPixels pixels of the region (its holes excluded)
 * @param maskPixels pixels of the whole mask (all regions)
 * @param regions connected regions of the mask
 * @param holesCut holes kept by a keyhole cut
 * @param holesFilled holes under {@link #MIN_HOLE_PIXELS} pixels, filled in the drawing
 */
public record RegionOutline(
        float[] polyline, long regionPixels, long maskPixels, int regions, int holesCut, int holesFilled) {
    /** Most points of a simplified outline (holes included). */
    public static final int MAX_POINTS = 400;

    /** Smallest hole (pixels) that the outline keeps; smaller ones are filled. */
    public static final int MIN_HOLE_PIXELS = 50;

    /** Area of the polygon in pixels (shoelace; its holes subtracted). */
    public double polygonAreaPixels() {
        return Math.abs(signedArea(polyline));
    }

    /** Number of points of the polyline, the repeated last one included. */
    public int points() {
        return polyline.length / 2;
    }

    /**
     * The outline of the largest connected region of {@code mask}.
     *
     * @param mask rows × columns bytes, row by row, non-zero inside
     * @param rows image rows
     * @param columns image columns
     * @return empty when the mask has no pixel
     * @throws SrException when OpenCV cannot be loaded
     * @throws IllegalArgumentException when the mask's length is not rows × columns
     */
    public static Optional<RegionOutline> largestRegion(byte[] mask, int rows, int columns) throws SrException {
        if (mask == null || rows <= 0 || columns <= 0 || mask.length != (long) rows * columns) {
            throw new IllegalArgumentException("mask of " + (mask == null ? "no" : mask.length) + " bytes for a " + rows
                    + " x " + columns + " image");
        }
        try {
            OpenCvLoader.load();
        } catch (PixelDataException e) {
            throw new SrException("cannot outline the region: " + e.getMessage());
        }
        byte[] bin = new byte[mask.length];
        long maskPixels = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                bin[i] = 1;
                maskPixels++;
            }
        }
        if (maskPixels == 0) {
            return Optional.empty();
        }
        Mat src = new Mat(rows, columns, CvType.CV_8UC1);
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        Mat corners = new Mat(rows + 1, columns + 1, CvType.CV_8UC1);
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            src.put(0, 0, bin);
            int n = Imgproc.connectedComponentsWithStats(src, labels, stats, centroids, 8, CvType.CV_32S);
            int best = 0;
            int bestArea = 0;
            for (int l = 1; l < n; l++) {
                int area = (int) stats.get(l, Imgproc.CC_STAT_AREA)[0];
                if (area > bestArea) {
                    best = l;
                    bestArea = area;
                }
            }
            int[] label = new int[mask.length];
            labels.get(0, 0, label);
            // the grid of pixel corners: a corner is set when one of the (up to) four pixels around it is
            // in the region; the border of that set runs along the region's pixel edges
            int cc = columns + 1;
            byte[] grid = new byte[(rows + 1) * cc];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    if (label[r * columns + c] == best) {
                        int k = r * cc + c;
                        grid[k] = 1;
                        grid[k + 1] = 1;
                        grid[k + cc] = 1;
                        grid[k + cc + 1] = 1;
                    }
                }
            }
            corners.put(0, 0, grid);
            Imgproc.findContours(corners, contours, hierarchy, Imgproc.RETR_CCOMP, Imgproc.CHAIN_APPROX_NONE);
            int outer = -1;
            double outerArea = -1;
            for (int i = 0; i < contours.size(); i++) {
                if (hierarchy.get(0, i)[3] < 0) {
                    double a = Imgproc.contourArea(contours.get(i));
                    if (a > outerArea) {
                        outer = i;
                        outerArea = a;
                    }
                }
            }
            List<MatOfPoint> holes = new ArrayList<>();
            int filled = 0;
            for (int i = 0; i < contours.size(); i++) {
                if ((int) hierarchy.get(0, i)[3] == outer) {
                    if (Imgproc.contourArea(contours.get(i)) >= MIN_HOLE_PIXELS) {
                        holes.add(contours.get(i));
                    } else {
                        filled++;
                    }
                }
            }
            holes.sort(Comparator.comparingDouble(h -> -Imgproc.contourArea(h)));
            List<MatOfPoint> rings = new ArrayList<>();
            rings.add(contours.get(outer));
            rings.addAll(holes);
            List<float[]> simplified = simplify(rings);
            float[] outline = simplified.get(0);
            if (signedArea(outline) < 0) {
                outline = reverse(outline);
            }
            int cut = 0;
            for (int h = 1; h < simplified.size(); h++) {
                float[] hole = simplified.get(h);
                if (hole.length < 6) {
                    filled++;
                    continue;
                }
                if (signedArea(hole) > 0) {
                    hole = reverse(hole);
                }
                outline = keyhole(outline, hole);
                cut++;
            }
            float[] closed = java.util.Arrays.copyOf(outline, outline.length + 2);
            closed[outline.length] = outline[0];
            closed[outline.length + 1] = outline[1];
            return Optional.of(new RegionOutline(closed, bestArea, maskPixels, n - 1, cut, filled));
        } finally {
            src.release();
            labels.release();
            stats.release();
            centroids.release();
            corners.release();
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }

    /** Each ring simplified with the smallest tolerance (from 0.7 px up) that keeps all within {@link #MAX_POINTS}. */
    private static List<float[]> simplify(List<MatOfPoint> rings) {
        double epsilon = 0.7;
        for (; ; ) {
            List<float[]> out = new ArrayList<>();
            int total = 0;
            for (MatOfPoint ring : rings) {
                MatOfPoint2f in = new MatOfPoint2f(ring.toArray());
                MatOfPoint2f approx = new MatOfPoint2f();
                Imgproc.approxPolyDP(in, approx, epsilon, true);
                Point[] p = approx.toArray();
                in.release();
                approx.release();
                float[] xy = new float[p.length * 2];
                for (int i = 0; i < p.length; i++) {
                    xy[2 * i] = (float) p[i].x;
                    xy[2 * i + 1] = (float) p[i].y;
                }
                out.add(xy);
                // two more per hole: the bridge there and back
                total += p.length + (out.size() > 1 ? 2 : 0);
            }
            if (total + 1 <= MAX_POINTS || epsilon > 64) {
                return out;
            }
            epsilon *= 1.5;
        }
    }

    /**
     * The outline with the hole spliced in at their closest vertices: outer up to vertex i, the hole from
     * vertex j round to j again, back to outer's vertex i and on.
     */
    private static float[] keyhole(float[] outer, float[] hole) {
        int bi = 0;
        int bj = 0;
        double bd = Double.MAX_VALUE;
        for (int i = 0; i < outer.length; i += 2) {
            for (int j = 0; j < hole.length; j += 2) {
                double dx = outer[i] - hole[j];
                double dy = outer[i + 1] - hole[j + 1];
                double d = dx * dx + dy * dy;
                if (d < bd) {
                    bd = d;
                    bi = i;
                    bj = j;
                }
            }
        }
        float[] out = new float[outer.length + hole.length + 4];
        int k = 0;
        System.arraycopy(outer, 0, out, k, bi + 2);
        k += bi + 2;
        System.arraycopy(hole, bj, out, k, hole.length - bj);
        k += hole.length - bj;
        System.arraycopy(hole, 0, out, k, bj + 2);
        k += bj + 2;
        out[k++] = outer[bi];
        out[k++] = outer[bi + 1];
        System.arraycopy(outer, bi + 2, out, k, outer.length - bi - 2);
        return out;
    }

    private static float[] reverse(float[] xy) {
        float[] out = new float[xy.length];
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            out[2 * i] = xy[2 * (n - 1 - i)];
            out[2 * i + 1] = xy[2 * (n - 1 - i) + 1];
        }
        return out;
    }

    /** Shoelace area of a polygon (open or closed) in pixels; positive when counter-clockwise in x/y. */
    static double signedArea(float[] xy) {
        int n = xy.length / 2;
        double s = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += (double) xy[2 * i] * xy[2 * j + 1] - (double) xy[2 * j] * xy[2 * i + 1];
        }
        return s / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionOutline r
                && java.util.Arrays.equals(polyline, r.polyline)
                && regionPixels == r.regionPixels
                && maskPixels == r.maskPixels;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(polyline);
    }

    @Override
    public String toString() {
        return "RegionOutline[" + points() + " points, region " + regionPixels + " of " + maskPixels + " pixels, "
                + regions + " regions, " + holesCut + " holes cut, " + holesFilled + " filled]";
    }
}
