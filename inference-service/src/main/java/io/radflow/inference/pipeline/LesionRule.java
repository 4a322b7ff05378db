package io.radflow.inference.pipeline;

import io.radflow.model.postprocess.ConnectedComponents;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The chest CT per-patient rule (seed 004): detections outside the lungs are dropped, the lungs are
 * split into four quadrants, and the patient is positive only when a lesion lies in the same quadrant
 * on three consecutive slices.
 *
 * <p>Quadrants: <b>right / left</b> is the patient's side of the midline between the lungs, the
 * mean patient x of every lung pixel of the study (x grows towards the patient's left, LPS);
 * <b>upper / lower</b> is above or below the middle of the lungs' extent along the slice normal
 * (the first to the last slice with lung; at or above the middle is upper). Where the scan covers
 * part of the lungs, the division is at the middle of the part covered.
 */
public final class LesionRule {
    /** Consecutive slices a lesion must occupy in one quadrant for a positive patient. */
    public static final int CONSECUTIVE = 3;

    private final int minLesionPixels;

    /** @param minLesionPixels connected lesion regions (inside the lungs) smaller than this are ignored */
    public LesionRule(int minLesionPixels) {
        this.minLesionPixels = Math.max(1, minLesionPixels);
    }

    /** A lung quadrant. */
    public enum Quadrant {
        RIGHT_UPPER,
        RIGHT_LOWER,
        LEFT_UPPER,
        LEFT_LOWER;

        static Quadrant of(boolean right, boolean upper) {
            return right ? (upper ? RIGHT_UPPER : RIGHT_LOWER) : (upper ? LEFT_UPPER : LEFT_LOWER);
        }
    }

    /**
     * One slice: its geometry, its lung mask and the model's lesion mask (both at the slice's size).
     *
     * @param geometry the slice's geometry
     * @param lungs the lung mask
     * @param lesions the lesion mask (the model's output, thresholded)
     */
    public record SliceInput(SliceGeometry geometry, boolean[] lungs, boolean[] lesions) {}

    /**
     * A lesion region on a slice, inside the lungs.
     *
     * @param pixels its size
     * @param areaCm2 its area
     * @param quadrant the quadrant of its centre
     * @param rowMin first row
     * @param columnMin first column
     * @param rowMax last row
     * @param columnMax last column
     */
    public record Region(
            int pixels, double areaCm2, Quadrant quadrant, int rowMin, int columnMin, int rowMax, int columnMax) {}

    /**
     * The findings of one slice.
     *
     * @param index the slice's position in the sorted stack
     * @param regions lesion regions inside the lungs
     * @param droppedOutsideLungs lesion pixels outside the lungs, dropped
     */
    public record SliceResult(int index, List<Region> regions, int droppedOutsideLungs) {
        /** Quadrants with a lesion on this slice. */
        public Set<Quadrant> quadrants() {
            Set<Quadrant> q = EnumSet.noneOf(Quadrant.class);
            regions.forEach(r -> q.add(r.quadrant()));
            return q;
        }
    }

    /**
     * A run of consecutive slices with a lesion in one quadrant.
     *
     * @param quadrant the quadrant
     * @param firstSlice the first slice of the run (sorted index)
     * @param length the number of slices
     */
    public record Run(Quadrant quadrant, int firstSlice, int length) {}

    /**
     * The per-patient call.
     *
     * @param positive true when some run is at least {@link #CONSECUTIVE} slices long
     * @param slices per-slice findings, in stack order
     * @param runs every run, longest first
     */
    public record Result(boolean positive, List<SliceResult> slices, List<Run> runs) {}

    /**
     * Applies the rule.
     *
     * @param slices the slices, sorted by position along the normal (as {@code SourceFrame.sortedByPosition})
     */
    public Result apply(List<SliceInput> slices) {
        double midX = lungMidline(slices);
        double[] extent = lungExtent(slices);
        double midAlong = (extent[0] + extent[1]) / 2;
        List<SliceResult> results = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            SliceInput s = slices.get(i);
            SliceGeometry g = s.geometry();
            boolean[] inside = new boolean[s.lesions().length];
            int dropped = 0;
            for (int p = 0; p < inside.length; p++) {
                if (s.lesions()[p]) {
                    if (s.lungs()[p]) {
                        inside[p] = true;
                    } else {
                        dropped++;
                    }
                }
            }
            boolean upper = g.along() >= midAlong;
            List<Region> regions = new ArrayList<>();
            for (ConnectedComponents.Component c : ConnectedComponents.of(inside, g.columns(), g.rows())) {
                if (c.area() < minLesionPixels) {
                    continue;
                }
                double x = 0;
                for (int p : c.pixels()) {
                    x += g.x(p / g.columns(), p % g.columns());
                }
                x /= c.area();
                regions.add(new Region(
                        c.area(),
                        c.area() * g.pixelAreaCm2(),
                        Quadrant.of(x < midX, upper),
                        c.minY(),
                        c.minX(),
                        c.maxY(),
                        c.maxX()));
            }
            results.add(new SliceResult(i, List.copyOf(regions), dropped));
        }
        List<Run> runs = runs(results);
        return new Result(runs.stream().anyMatch(r -> r.length() >= CONSECUTIVE), List.copyOf(results), runs);
    }

    private static List<Run> runs(List<SliceResult> results) {
        List<Run> runs = new ArrayList<>();
        for (Quadrant q : Quadrant.values()) {
            int start = -1;
            for (int i = 0; i <= results.size(); i++) {
                boolean has = i < results.size() && results.get(i).quadrants().contains(q);
                if (has && start < 0) {
                    start = i;
                } else if (!has && start >= 0) {
                    runs.add(new Run(q, start, i - start));
                    start = -1;
                }
            }
        }
        runs.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(runs);
    }

    private static double lungMidline(List<SliceInput> slices) {
        double sum = 0;
        long n = 0;
        for (SliceInput s : slices) {
            SliceGeometry g = s.geometry();
            for (int p = 0; p < s.lungs().length; p++) {
                if (s.lungs()[p]) {
                    sum += g.x(p / g.columns(), p % g.columns());
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double[] lungExtent(List<SliceInput> slices) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SliceInput s : slices) {
            for (boolean b : s.lungs()) {
                if (b) {
                    lo = Math.min(lo, s.geometry().along());
                    hi = Math.max(hi, s.geometry().along());
                    break;
                }
            }
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }
}
