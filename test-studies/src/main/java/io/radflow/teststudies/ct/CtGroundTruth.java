package io.radflow.teststudies.ct;

import io.radflow.teststudies.Uids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Exact ground truth of a CT series: per-slice pixel counts and areas (cm²) of every compartment,
 * the spine level of each slice, the mid-L3 slice, and (chest) the lesions with their slices,
 * quadrants and per-slice bounding boxes.
 *
 * @param seriesInstanceUid the series' UID
 * @param slices slices, most superior first
 * @param l3SliceIndex index of the slice nearest to the mid-height of the L3 vertebral body, or -1
 *     when the series does not cover the L3 body
 * @param spine the vertebral column
 * @param lesions ground-glass lesions (empty for abdomen and lesion-free chests)
 * @param zLungMid height dividing upper from lower lung quadrants (NaN for the abdomen)
 */
public record CtGroundTruth(
        String seriesInstanceUid,
        CtGeometry geometry,
        List<SliceTruth> slices,
        int l3SliceIndex,
        Spine spine,
        List<LesionTruth> lesions,
        double zLungMid) {

    /**
     * One slice.
     *
     * @param index 0-based, most superior first
     * @param instanceNumber InstanceNumber (index + 1)
     * @param z slice position (ImagePositionPatient z, SliceLocation)
     * @param level spine segment at z ("L3", "L3-L4", …)
     * @param sopInstanceUid SOPInstanceUID of the slice's image
     * @param pixelCounts pixel count per {@link Tissue#label}
     * @param pixelAreaCm2 area of one pixel
     */
    public record SliceTruth(
            int index,
            int instanceNumber,
            double z,
            String level,
            String sopInstanceUid,
            int[] pixelCounts,
            double pixelAreaCm2) {
        /** Pixels of tissue t. */
        public int pixels(Tissue t) {
            return pixelCounts[t.label];
        }

        /** Area of tissue t in cm² (pixel count × pixel spacing²). */
        public double areaCm2(Tissue t) {
            return pixelCounts[t.label] * pixelAreaCm2;
        }

        /** Skeletal muscle area (all muscle compartments) in cm². */
        public double skeletalMuscleAreaCm2() {
            double sum = 0;
            for (Tissue t : Tissue.values()) {
                sum += t.isSkeletalMuscle() ? areaCm2(t) : 0;
            }
            return sum;
        }
    }

    /**
     * Where one lesion is in one slice.
     *
     * @param index slice index
     * @param pixels lesion pixels in that slice
     * @param areaCm2 their area
     * @param rowMin first row with lesion pixels
     * @param columnMin first column
     * @param rowMax last row (inclusive)
     * @param columnMax last column (inclusive)
     */
    public record LesionSlice(
            int index, int pixels, double areaCm2, int rowMin, int columnMin, int rowMax, int columnMax) {}

    /**
     * One ground-glass lesion.
     *
     * @param lesion its ellipsoid
     * @param slices the slices it appears in (consecutive, most superior first)
     * @param quadrants lung quadrants its pixels lie in: "right-upper", "right-lower", "left-upper",
     *     "left-lower"
     * @param volumeMl pixel count × pixel area × slice spacing, in ml
     */
    public record LesionTruth(Lesion lesion, List<LesionSlice> slices, List<String> quadrants, double volumeMl) {}

    /** The mid-L3 slice, or null when the series does not reach L3. */
    public SliceTruth l3Slice() {
        return l3SliceIndex < 0 ? null : slices.get(l3SliceIndex);
    }

    static CtGroundTruth compute(CtSeries series) {
        CtGeometry g = series.geometry();
        CtPhantom phantom = series.phantom();
        ChestPhantom chest = phantom instanceof ChestPhantom c ? c : null;
        List<Lesion> lesions = chest == null ? List.of() : chest.lesions();
        double zMid = chest == null ? Double.NaN : chest.zLungMid();
        List<SliceTruth> slices = new ArrayList<>();
        List<List<LesionSlice>> lesionSlices = new ArrayList<>();
        List<TreeSet<String>> quadrants = new ArrayList<>();
        for (int k = 0; k < lesions.size(); k++) {
            lesionSlices.add(new ArrayList<>());
            quadrants.add(new TreeSet<>());
        }
        int cols = g.columns();
        for (int i = 0; i < g.slices(); i++) {
            byte[] labels = series.labels(i);
            int[] counts = new int[Tissue.values().length];
            int n = lesions.size();
            int[] px = new int[n];
            int[][] box = new int[n][];
            for (int p = 0; p < labels.length; p++) {
                int label = labels[p];
                counts[label]++;
                if (label == Tissue.GROUND_GLASS.label) {
                    int r = p / cols;
                    int c = p % cols;
                    double x = g.x(c);
                    int id = chest.lesionAt(x, g.y(r), g.z()[i]);
                    int k = id - 1;
                    px[k]++;
                    if (box[k] == null) {
                        box[k] = new int[] {r, c, r, c};
                    } else {
                        box[k][0] = Math.min(box[k][0], r);
                        box[k][1] = Math.min(box[k][1], c);
                        box[k][2] = Math.max(box[k][2], r);
                        box[k][3] = Math.max(box[k][3], c);
                    }
                    quadrants.get(k).add((x < 0 ? "right-" : "left-") + (g.z()[i] >= zMid ? "upper" : "lower"));
                }
            }
            for (int k = 0; k < n; k++) {
                if (px[k] > 0) {
                    lesionSlices
                            .get(k)
                            .add(new LesionSlice(
                                    i, px[k], px[k] * g.pixelAreaCm2(), box[k][0], box[k][1], box[k][2], box[k][3]));
                }
            }
            String sop = Uids.of(series.seed(), series.uidNamespace(), "sop", series.seriesNumber(), i);
            slices.add(new SliceTruth(
                    i, i + 1, g.z()[i], phantom.spine().at(g.z()[i]).name(), sop, counts, g.pixelAreaCm2()));
        }
        SpineSegment l3 = phantom.spine().get("L3");
        int l3Index = -1;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < g.slices(); i++) {
            double d = Math.abs(g.z()[i] - l3.zMid());
            if (l3.contains(g.z()[i]) && d < best) {
                best = d;
                l3Index = i;
            }
        }
        List<LesionTruth> lt = new ArrayList<>();
        for (int k = 0; k < lesions.size(); k++) {
            int total = 0;
            for (LesionSlice s : lesionSlices.get(k)) {
                total += s.pixels();
            }
            double ml = total * g.pixelAreaCm2() * g.sliceSpacing() / 10;
            lt.add(new LesionTruth(
                    lesions.get(k), List.copyOf(lesionSlices.get(k)), List.copyOf(quadrants.get(k)), ml));
        }
        String seriesUid = Uids.of(series.seed(), series.uidNamespace(), "series", series.seriesNumber());
        return new CtGroundTruth(seriesUid, g, List.copyOf(slices), l3Index, phantom.spine(), List.copyOf(lt), zMid);
    }

    /** The ground truth as a JSON tree (see test-studies/README.md for the fields). */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seriesInstanceUID", seriesInstanceUid);
        m.put("rows", geometry.rows());
        m.put("columns", geometry.columns());
        m.put("pixelSpacingMm", geometry.pixelSpacing());
        m.put("sliceSpacingMm", geometry.sliceSpacing());
        m.put("sliceThicknessMm", geometry.sliceSpacing());
        m.put("rescaleIntercept", CtSeries.RESCALE_INTERCEPT);
        m.put("rescaleSlope", 1);
        Map<String, Object> labels = new LinkedHashMap<>();
        for (Tissue t : Tissue.values()) {
            labels.put(t.key(), t.label);
        }
        m.put("labels", labels);
        SliceTruth l3s = l3Slice();
        m.put("l3SliceIndex", l3SliceIndex);
        m.put("l3SopInstanceUID", l3s == null ? null : l3s.sopInstanceUid());
        m.put("l3InstanceNumber", l3s == null ? null : l3s.instanceNumber());
        List<Object> levels = new ArrayList<>();
        double zLo = geometry.z()[geometry.slices() - 1];
        double zHi = geometry.z()[0];
        for (SpineSegment s : spine.segments()) {
            if (s.zSuperior() >= zLo && s.zInferior() <= zHi) {
                Map<String, Object> lv = new LinkedHashMap<>();
                lv.put("name", s.name());
                lv.put("disc", s.disc());
                lv.put("zInferiorMm", s.zInferior());
                lv.put("zSuperiorMm", s.zSuperior());
                levels.add(lv);
            }
        }
        m.put("spine", levels);
        if (!Double.isNaN(zLungMid)) {
            m.put("zLungMidMm", zLungMid);
        }
        List<Object> ls = new ArrayList<>();
        for (LesionTruth l : lesions) {
            Map<String, Object> o = new LinkedHashMap<>();
            Lesion e = l.lesion();
            o.put("id", e.id());
            o.put("side", e.side());
            o.put("centreMm", new double[] {e.x(), e.y(), e.z()});
            o.put("semiAxesMm", new double[] {e.rx(), e.ry(), e.rz()});
            o.put("quadrants", l.quadrants());
            List<Integer> idx = new ArrayList<>();
            List<Object> per = new ArrayList<>();
            for (LesionSlice s : l.slices()) {
                idx.add(s.index());
                Map<String, Object> so = new LinkedHashMap<>();
                so.put("index", s.index());
                so.put("sopInstanceUID", slices.get(s.index()).sopInstanceUid());
                so.put("pixels", s.pixels());
                so.put("areaCm2", s.areaCm2());
                so.put("box", new int[] {s.rowMin(), s.columnMin(), s.rowMax(), s.columnMax()});
                per.add(so);
            }
            o.put("sliceIndices", idx);
            o.put("volumeMl", l.volumeMl());
            o.put("slices", per);
            ls.add(o);
        }
        m.put("lesions", ls);
        List<Object> sl = new ArrayList<>();
        for (SliceTruth s : slices) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", s.index());
            o.put("instanceNumber", s.instanceNumber());
            o.put("sopInstanceUID", s.sopInstanceUid());
            o.put("zMm", s.z());
            o.put("level", s.level());
            o.put("skeletalMuscleAreaCm2", s.skeletalMuscleAreaCm2());
            Map<String, Object> areas = new LinkedHashMap<>();
            for (Tissue t : Tissue.values()) {
                if (s.pixels(t) > 0) {
                    areas.put(t.key(), s.areaCm2(t));
                }
            }
            o.put("areasCm2", areas);
            sl.add(o);
        }
        m.put("slices", sl);
        return m;
    }
}
