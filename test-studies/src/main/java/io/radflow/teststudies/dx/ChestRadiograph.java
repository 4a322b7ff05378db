package io.radflow.teststudies.dx;

import io.radflow.teststudies.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic chest radiograph ("for presentation", MONOCHROME2, 2048², 12 bits stored): body,
 * lung fields with vascular markings fanning out from the hila, mediastinum and spine, trachea,
 * heart shadow, posterior ribs, optional {@link Finding findings} in the lung fields (each with its
 * own look, see {@link FindingShape}), Gaussian noise. Geometry is in millimetres on the detector
 * (0.2 mm pixels), displayed conventionally: the patient's right on the image left.
 */
public final class ChestRadiograph {
    /** Rows and columns. */
    public static final int SIZE = 2048;
    /** Imager pixel spacing in mm. */
    public static final double PIXEL_MM = 0.2;
    /** Largest stored value (12 bits). */
    public static final int MAX_VALUE = 4095;

    private static final double BACKGROUND = 120;
    private static final double SOFT_TISSUE = 1900;
    private static final double LUNG = 850;
    private static final double MEDIASTINUM = 2350;
    private static final double HEART = 2250;
    private static final double RIB = 220;

    private final long seed;
    private final ViewPosition view;
    private final double cu;
    private final double lungCv;
    private final double lungDx;
    private final double lungA;
    private final double lungB;
    private final double diaphragm;
    private final double heartCu;
    private final double heartCv;
    private final double heartA;
    private final double heartB;
    private final double ribTop;
    private final double ribStep;
    private final double[][] rays; // per lung (0 right, 1 left): vessel directions
    private final List<FindingShape> shapes;
    private DxGroundTruth truth;

    /** The radiograph for seed, view and {@code count} distinct findings drawn from the seed (0…4). */
    public ChestRadiograph(long seed, ViewPosition view, int count) {
        this(seed, view, Finding.drawn(seed, count));
    }

    /** The radiograph for seed and view with the given findings (empty for a normal one; at most 6). */
    public ChestRadiograph(long seed, ViewPosition view, List<Finding> findings) {
        if (findings.size() > 6) {
            throw new IllegalArgumentException("at most 6 findings: " + findings);
        }
        this.seed = seed;
        this.view = view;
        Rng rng = Rng.of(seed, "chest-dx/" + view, 0);
        cu = 204.8 + rng.uniform(-8, 8);
        lungCv = rng.uniform(195, 215);
        lungDx = rng.uniform(70, 80);
        lungA = rng.uniform(58, 66);
        lungB = rng.uniform(125, 140);
        diaphragm = lungCv + 0.82 * lungB;
        double thorax = 2 * (lungDx + lungA);
        double ctr = view == ViewPosition.AP ? rng.uniform(0.56, 0.62) : rng.uniform(0.42, 0.48);
        heartA = ctr * thorax / 2;
        heartB = rng.uniform(62, 72);
        heartCu = cu + 0.2 * heartA;
        heartCv = diaphragm - 0.8 * heartB;
        ribTop = lungCv - lungB + rng.uniform(10, 20);
        ribStep = rng.uniform(24, 28);
        rays = new double[2][3 * 14]; // angle, cos, sin
        for (double[] side : rays) {
            for (int k = 0; k < side.length; k += 3) {
                side[k] = rng.uniform(-2.5, 2.5);
                side[k + 1] = StrictMath.cos(side[k]);
                side[k + 2] = StrictMath.sin(side[k]);
            }
        }
        // Large findings first; each is placed where it does not clash with those already placed.
        List<Finding> order = new ArrayList<>(findings);
        order.sort((p, q) -> Integer.compare(placementOrder(p), placementOrder(q)));
        Rng placement = Rng.of(seed, "chest-dx/" + view + "/findings/" + findings, 0);
        List<FindingShape> placed = new ArrayList<>();
        for (Finding f : order) {
            placed.add(place(f, placement, placed));
        }
        // ids follow the order the findings were asked for
        List<FindingShape> byRequest = new ArrayList<>();
        for (Finding f : findings) {
            for (FindingShape sh : placed) {
                if (sh.finding() == f && !byRequest.contains(sh)) {
                    byRequest.add(sh);
                    break;
                }
            }
        }
        shapes = List.copyOf(byRequest);
    }

    private static int placementOrder(Finding f) {
        return switch (f) {
            case PNEUMOTHORAX -> 0;
            case PNEUMONIA -> 1;
            case TUBERCULOSIS -> 2;
            case NODULE -> 3;
        };
    }

    private FindingShape place(Finding f, Rng rng, List<FindingShape> placed) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            FindingShape candidate = FindingShape.of(f, rng.nextDouble() < 0.5, this, rng);
            if (candidate == null) {
                continue;
            }
            boolean clash = false;
            for (FindingShape o : placed) {
                clash |= candidate.clashes(o) || o.clashes(candidate);
            }
            if (!clash) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot place " + f + " on seed " + seed);
    }

    /** Seed. */
    public long seed() {
        return seed;
    }

    /** View position. */
    public ViewPosition view() {
        return view;
    }

    /** The findings' shapes, by id − 1. */
    List<FindingShape> shapes() {
        return shapes;
    }

    /** Centre u of the right (image left) or left lung. */
    double lungCentre(boolean right) {
        return right ? cu - lungDx : cu + lungDx;
    }

    double midline() {
        return cu;
    }

    double lungCv() {
        return lungCv;
    }

    double lungA() {
        return lungA;
    }

    double lungB() {
        return lungB;
    }

    /** Top of the lungs (apex). */
    double lungTop() {
        return lungCv - lungB;
    }

    double diaphragm() {
        return diaphragm;
    }

    static boolean ellipse(double u, double v, double cu, double cv, double a, double b) {
        double du = (u - cu) / a;
        double dv = (v - cv) / b;
        return du * du + dv * dv <= 1;
    }

    private boolean inBody(double u, double v) {
        return ellipse(u, v, cu, 265, 185, 290) || (v < 120 && Math.abs(u - cu) < 55);
    }

    /** Whether (u, v) is in a lung (heart shadow included): above the domed hemidiaphragm. */
    private boolean inLung(double u, double v) {
        for (double lc : new double[] {cu - lungDx, cu + lungDx}) {
            double t = (u - lc) / lungA;
            if (Math.abs(t) <= 1 && v <= diaphragm - 22 * (1 - t * t) && ellipse(u, v, lc, lungCv, lungA, lungB)) {
                return true;
            }
        }
        return false;
    }

    private boolean inTrachea(double u, double v) {
        return Math.abs(u - cu) < 9 && v > 40 && v < lungCv - 0.1 * lungB;
    }

    /** Lung field without the heart shadow and the trachea (where findings can appear). */
    boolean inLungField(double u, double v) {
        return inLung(u, v) && !ellipse(u, v, heartCu, heartCv, heartA, heartB) && !inTrachea(u, v);
    }

    /** The finding (1-based id) whose mask holds the pixel at (u, v) mm, or 0. */
    private int findingAt(double u, double v) {
        if (shapes.isEmpty() || !inLungField(u, v)) {
            return 0;
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).covers(u, v)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Vessel markings at (u, v) of a lung: 14 slightly wavy lines fanning out from the hilum. */
    double markings(double u, double v) {
        boolean right = u < cu;
        double s = right ? 1 : -1;
        double hu = lungCentre(right) + s * 0.55 * lungA;
        double hv = lungCv + 0.05 * lungB;
        double du = u - hu;
        double dv = v - hv;
        double len = 1.3 * lungB;
        double best = 0;
        double[] side = rays[right ? 0 : 1];
        for (int k = 0; k < side.length; k += 3) {
            double ex = -s * side[k + 1];
            double ey = side[k + 2];
            double t = du * ex + dv * ey;
            if (t <= 0 || t > len) {
                continue;
            }
            double half = Math.max(0.45, 1.5 - 1.1 * t / len);
            double d = -du * ey + dv * ex;
            if (Math.abs(d) >= half + 3) {
                continue;
            }
            d -= 3 * StrictMath.sin(t / 17 + side[k] * 5);
            if (Math.abs(d) < half) {
                best = Math.max(best, 85 * (1 - 0.55 * t / len));
            }
        }
        return best;
    }

    /** Noise-free value at (u, v) mm, without findings, with lung markings when {@code markings}. */
    private double anatomy(double u, double v, boolean markings) {
        if (!inBody(u, v)) {
            return BACKGROUND;
        }
        double du = Math.abs(u - cu);
        if (inTrachea(u, v)) {
            return SOFT_TISSUE - 500;
        }
        if (ellipse(u, v, heartCu, heartCv, heartA, heartB)) {
            return HEART;
        }
        boolean lung = v <= diaphragm
                && (ellipse(u, v, cu - lungDx, lungCv, lungA, lungB)
                        || ellipse(u, v, cu + lungDx, lungCv, lungA, lungB));
        if (lung) {
            double lateral = (du - lungDx + lungA) / (2 * lungA);
            double value = LUNG + 150 * lateral * lateral + (markings ? markings(u, v) : 0);
            for (int k = 0; k < 10; k++) {
                double curve = ribTop + k * ribStep + 0.004 * (du - 20) * (du - 20);
                if (Math.abs(v - curve) < 5) {
                    value += RIB;
                    break;
                }
            }
            return value;
        }
        if (du < 35) {
            return MEDIASTINUM;
        }
        return v > diaphragm - 30 && du < lungDx + lungA ? HEART - 100 : SOFT_TISSUE;
    }

    /** Stored values (0…4095), row-major, and fills {@code mask} (finding id per pixel) when given. */
    public short[] pixels(byte[] mask) {
        short[] out = new short[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            Rng rng = Rng.of(seed, "chest-dx-noise/" + view, r);
            double v = (r + 0.5) * PIXEL_MM;
            for (int c = 0; c < SIZE; c++) {
                double u = (c + 0.5) * PIXEL_MM;
                int id = findingAt(u, v);
                boolean markings = true;
                for (FindingShape sh : shapes) {
                    markings &= !sh.hidesMarkings(u, v);
                }
                double value = anatomy(u, v, markings);
                if (inLungField(u, v)) {
                    for (FindingShape sh : shapes) {
                        value = sh.change(u, v, value);
                    }
                }
                if (mask != null) {
                    mask[r * SIZE + c] = (byte) id;
                }
                value += 18 * rng.noise();
                out[r * SIZE + c] = (short) Math.max(0, Math.min(MAX_VALUE, Math.round(value)));
            }
        }
        return out;
    }

    /** The finding mask only (finding id per pixel, 0 elsewhere). */
    public byte[] findingMask() {
        byte[] mask = new byte[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            double v = (r + 0.5) * PIXEL_MM;
            for (int c = 0; c < SIZE; c++) {
                mask[r * SIZE + c] = (byte) findingAt((c + 0.5) * PIXEL_MM, v);
            }
        }
        return mask;
    }

    /** The ground truth: findings with bounding boxes, heart and thorax widths. */
    public synchronized DxGroundTruth groundTruth() {
        if (truth == null) {
            byte[] mask = findingMask();
            int n = shapes.size();
            int[] count = new int[n + 1];
            int[][] box = new int[n + 1][];
            for (int p = 0; p < mask.length; p++) {
                int id = mask[p];
                if (id == 0) {
                    continue;
                }
                int r = p / SIZE;
                int c = p % SIZE;
                count[id]++;
                if (box[id] == null) {
                    box[id] = new int[] {c, r, c, r};
                } else {
                    box[id][0] = Math.min(box[id][0], c);
                    box[id][1] = Math.min(box[id][1], r);
                    box[id][2] = Math.max(box[id][2], c);
                    box[id][3] = Math.max(box[id][3], r);
                }
            }
            List<DxFinding> list = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                int[] b = box[id];
                if (b == null) {
                    throw new IllegalStateException("finding " + id + " has no pixels on seed " + seed);
                }
                double u = (b[0] + b[2] + 1) / 2.0 * PIXEL_MM;
                double v = (b[1] + b[3] + 1) / 2.0 * PIXEL_MM;
                double rel = (v - lungTop()) / (diaphragm - lungTop());
                String zone = rel < 1.0 / 3 ? "upper" : rel < 2.0 / 3 ? "middle" : "lower";
                list.add(new DxFinding(
                        id,
                        shapes.get(id - 1).finding(),
                        u < cu ? "right" : "left",
                        zone,
                        count[id],
                        b[0],
                        b[1],
                        b[2],
                        b[3]));
            }
            double thorax = 2 * (lungDx + lungA);
            truth = new DxGroundTruth(view, List.copyOf(list), 2 * heartA / thorax, new int[] {
                (int) Math.floor((heartCu - heartA) / PIXEL_MM),
                (int) Math.floor((heartCv - heartB) / PIXEL_MM),
                (int) Math.floor((heartCu + heartA) / PIXEL_MM),
                (int) Math.floor(Math.min(heartCv + heartB, 409.6) / PIXEL_MM)
            });
        }
        return truth;
    }
}
