package io.radflow.teststudies.dx;

import io.radflow.teststudies.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic chest radiograph ("for presentation", MONOCHROME2, 2048², 12 bits stored): body,
 * lung fields, mediastinum and spine, trachea, heart shadow, posterior ribs, optional opacities in
 * the lung fields, Gaussian noise. Geometry is in millimetres on the detector (0.2 mm pixels),
 * displayed conventionally: the patient's right on the image left.
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
    private final double[][] opacities; // cu, cv, a, b, amplitude (mm)
    private DxGroundTruth truth;

    /** The radiograph for seed, view and number of opacities (0 for a normal one). */
    public ChestRadiograph(long seed, ViewPosition view, int opacityCount) {
        if (opacityCount < 0 || opacityCount > 8) {
            throw new IllegalArgumentException("opacities must be 0..8: " + opacityCount);
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
        opacities = new double[opacityCount][];
        int placed = 0;
        int attempts = 0;
        while (placed < opacityCount) {
            if (++attempts > 10_000) {
                throw new IllegalStateException("cannot place opacities");
            }
            boolean right = rng.nextDouble() < 0.5;
            double lc = right ? cu - lungDx : cu + lungDx;
            double u = lc + rng.uniform(-0.6, 0.6) * lungA;
            double v = lungCv + rng.uniform(-0.7, 0.6) * lungB;
            double a = rng.uniform(10, 30);
            double b = rng.uniform(9, 26);
            if (!inLungField(u, v) || overlaps(u, v, a, b, placed)) {
                continue;
            }
            opacities[placed++] = new double[] {u, v, a, b, rng.uniform(500, 900)};
        }
    }

    private boolean overlaps(double u, double v, double a, double b, int placed) {
        for (int i = 0; i < placed; i++) {
            double[] o = opacities[i];
            if (Math.abs(u - o[0]) < a + o[2] + 4 && Math.abs(v - o[1]) < b + o[3] + 4) {
                return true;
            }
        }
        return false;
    }

    /** Seed. */
    public long seed() {
        return seed;
    }

    /** View position. */
    public ViewPosition view() {
        return view;
    }

    private static boolean ellipse(double u, double v, double cu, double cv, double a, double b) {
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

    /** Lung field without the heart shadow (where opacities can appear). */
    boolean inLungField(double u, double v) {
        return inLung(u, v) && !ellipse(u, v, heartCu, heartCv, heartA, heartB);
    }

    /** The opacity (1-based) changing the pixel at (u, v) mm, or 0. */
    private int opacityAt(double u, double v) {
        if (!inLungField(u, v)) {
            return 0;
        }
        for (int i = 0; i < opacities.length; i++) {
            double[] o = opacities[i];
            if (ellipse(u, v, o[0], o[1], o[2], o[3])) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Noise-free value at (u, v) mm, without opacities. */
    private double anatomy(double u, double v) {
        if (!inBody(u, v)) {
            return BACKGROUND;
        }
        double du = Math.abs(u - cu);
        if (du < 9 && v > 40 && v < lungCv - 0.1 * lungB) {
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
            double value = LUNG + 150 * lateral * lateral;
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

    /** Stored values (0…4095), row-major, and fills {@code mask} (opacity id per pixel) when given. */
    public short[] pixels(byte[] mask) {
        short[] out = new short[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            Rng rng = Rng.of(seed, "chest-dx-noise/" + view, r);
            double v = (r + 0.5) * PIXEL_MM;
            for (int c = 0; c < SIZE; c++) {
                double u = (c + 0.5) * PIXEL_MM;
                double value = anatomy(u, v);
                int id = opacities.length == 0 ? 0 : opacityAt(u, v);
                if (id > 0) {
                    double[] o = opacities[id - 1];
                    double du = (u - o[0]) / o[2];
                    double dv = (v - o[1]) / o[3];
                    value += o[4] * (1 - du * du - dv * dv) + 60;
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

    /** The opacity mask only (opacity id per pixel, 0 elsewhere). */
    public byte[] opacityMask() {
        byte[] mask = new byte[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            double v = (r + 0.5) * PIXEL_MM;
            for (int c = 0; c < SIZE; c++) {
                mask[r * SIZE + c] = (byte) (opacities.length == 0 ? 0 : opacityAt((c + 0.5) * PIXEL_MM, v));
            }
        }
        return mask;
    }

    /** The ground truth: opacities with bounding boxes, heart and thorax widths. */
    public synchronized DxGroundTruth groundTruth() {
        if (truth == null) {
            byte[] mask = opacityMask();
            List<Opacity> list = new ArrayList<>();
            for (int i = 0; i < opacities.length; i++) {
                int id = i + 1;
                int n = 0;
                int c0 = SIZE;
                int r0 = SIZE;
                int c1 = -1;
                int r1 = -1;
                for (int p = 0; p < mask.length; p++) {
                    if (mask[p] == id) {
                        n++;
                        int r = p / SIZE;
                        int c = p % SIZE;
                        c0 = Math.min(c0, c);
                        r0 = Math.min(r0, r);
                        c1 = Math.max(c1, c);
                        r1 = Math.max(r1, r);
                    }
                }
                double[] o = opacities[i];
                double rel = (o[1] - (lungCv - lungB)) / (diaphragm - (lungCv - lungB));
                String zone = rel < 1.0 / 3 ? "upper" : rel < 2.0 / 3 ? "middle" : "lower";
                list.add(new Opacity(
                        id,
                        o[0] < cu ? "right" : "left",
                        zone,
                        o[0] / PIXEL_MM - 0.5,
                        o[1] / PIXEL_MM - 0.5,
                        o[2] / PIXEL_MM,
                        o[3] / PIXEL_MM,
                        o[4],
                        n,
                        c0,
                        r0,
                        c1,
                        r1));
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
