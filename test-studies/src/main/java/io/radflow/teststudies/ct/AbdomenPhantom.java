package io.radflow.teststudies.ct;

import static io.radflow.teststudies.ct.Shapes.ellipse;
import static io.radflow.teststudies.ct.Shapes.ellipsoidScale;

import io.radflow.teststudies.Rng;

/**
 * Abdomen: aorta (bifurcating at mid-L4) and IVC, kidneys (T12–L3), psoas muscles growing from L1
 * downwards, liver (down to about L2), spleen, small-bowel loops and colon (some with gas), and
 * visceral fat everywhere else in the cavity.
 */
public final class AbdomenPhantom extends CtPhantom {
    private static final int LOOPS = 16;

    private final double[][] loops = new double[LOOPS][];
    private final double zBifurcation;
    private final double zKidneyLeft;
    private final double zPsoasTop;
    private final double zPsoasFull;
    private final double zLiver;
    private final double zSpleen;
    private final double zBowelTop;
    private final double zColonTop;

    AbdomenPhantom(Rng rng, double zMidL3) {
        super(
                rng,
                zMidL3,
                new double[] {148, 168, 105, 125},
                new double[] {12, 35, 15, 40, 10, 25},
                new double[] {9, 14},
                Tissue.ABDOMINAL_WALL_MUSCLE);
        zBifurcation = spine.get("L4").zMid();
        zKidneyLeft = spine.get("L1-L2").zMid();
        zPsoasTop = spine.get("L1").zSuperior();
        zPsoasFull = spine.get("L5").zInferior();
        zLiver = spine.get("T12").zMid() + 15;
        zSpleen = spine.get("T11").zMid();
        zBowelTop = spine.get("L1").zMid();
        zColonTop = spine.get("T12").zMid();
        for (int i = 0; i < LOOPS; i++) {
            boolean colon = i < 2;
            double bx = colon ? (i == 0 ? -0.72 : 0.74) * a2 : rng.uniform(-0.62, 0.62) * a2;
            double by = colon ? cy2 - 0.1 * b2 : cy2 + rng.uniform(-0.72, 0.0) * b2;
            double r = colon ? rng.uniform(16, 21) : rng.uniform(9, 16);
            boolean gas = colon || rng.nextDouble() < 0.45;
            loops[i] = new double[] {
                bx, by, r, gas ? 1 : 0, rng.uniform(0, 6.3), rng.uniform(0, 6.3), colon ? zColonTop : zBowelTop
            };
        }
    }

    @Override
    double[] prepare(Section s) {
        double z = s.z;
        double[] d = new double[8 + 3 * LOOPS];
        d[0] = z >= zBifurcation ? 0 : 14 + (zBifurcation - z) * 0.6;
        d[1] = ellipsoidScale(z, zKidneyLeft - 12, 55);
        d[2] = ellipsoidScale(z, zKidneyLeft, 55);
        d[3] = z < zPsoasTop ? 6 + 14 * Math.min(1, (zPsoasTop - z) / (zPsoasTop - zPsoasFull)) : 0;
        d[4] = ellipsoidScale(z, zLiver, 110);
        d[5] = ellipsoidScale(z, zSpleen, 55);
        for (int i = 0; i < LOOPS; i++) {
            double[] loop = loops[i];
            d[8 + 3 * i] = z < loop[6] ? 1 : 0;
            d[9 + 3 * i] = loop[0] + 12 * StrictMath.sin(z / 37 + loop[4]);
            d[10 + 3 * i] = loop[1] + 8 * StrictMath.cos(z / 29 + loop[5]);
        }
        return d;
    }

    @Override
    Tissue cavity(double x, double y, Section s) {
        double[] d = s.data;
        double vesselY = s.bodyY - s.bodyB - 13;
        if (d[0] == 0) {
            if (ellipse(x, y, 14, vesselY, 11, 11)) {
                return Tissue.VESSEL;
            }
        } else if (ellipse(Math.abs(x), y, d[0], vesselY, 7.5, 7.5)) {
            return Tissue.VESSEL;
        }
        if (ellipse(x, y, -20, vesselY + 3, 13, 9)) {
            return Tissue.VESSEL;
        }
        double k = x < 0 ? d[1] : d[2];
        if (k > 0 && ellipse(Math.abs(x), y, 78, s.bodyY + 6, 25 * k, 20 * k)) {
            return Tissue.KIDNEY;
        }
        double r = d[3];
        if (r > 0 && ellipse(Math.abs(x), y, 24 + r + 2, s.bodyY + 2, r, r * 1.15)) {
            return Tissue.PSOAS;
        }
        if (d[4] > 0 && ellipse(x, y, -40, cy2 - 5, 80 * d[4], 70 * d[4])) {
            return Tissue.LIVER;
        }
        if (d[5] > 0 && ellipse(x, y, 75, yp - 55, 28 * d[5], 22 * d[5])) {
            return Tissue.SPLEEN;
        }
        for (int i = 0; i < LOOPS; i++) {
            if (d[8 + 3 * i] == 0) {
                continue;
            }
            double cx = d[9 + 3 * i];
            double cy = d[10 + 3 * i];
            double lr = loops[i][2];
            if (ellipse(x, y, cx, cy, lr, lr * 0.85)) {
                return loops[i][3] > 0 && ellipse(x, y, cx, cy, lr - 3, lr * 0.85 - 3)
                        ? Tissue.BOWEL_GAS
                        : Tissue.BOWEL;
            }
        }
        return Tissue.VISCERAL_FAT;
    }
}
