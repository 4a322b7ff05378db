package io.radflow.teststudies.ct;

import static io.radflow.teststudies.ct.Shapes.ellipse;
import static io.radflow.teststudies.ct.Shapes.ellipsoidScale;

import io.radflow.teststudies.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Chest: lungs from mid-T2 (apex) to mid-T11 (base), heart in the lower half, aorta, mediastinal
 * fat, ribs at the cavity wall, and optional ground-glass lesions inside the lungs.
 *
 * <p>Lung quadrants: right/left is the patient's side (x &lt; 0 is right, LPS); upper/lower is
 * above/below the mid-height of the lungs, {@link #zLungMid()} (the hilum level).
 */
public final class ChestPhantom extends CtPhantom {
    private static final int RIBS = 19;

    private final double zApex;
    private final double zBase;
    private final double zRib0;
    private final List<Lesion> lesions = new ArrayList<>();

    ChestPhantom(Rng rng, double zMidL3) {
        super(
                rng,
                zMidL3,
                new double[] {158, 174, 108, 122},
                new double[] {6, 18, 8, 20, 6, 15},
                new double[] {10, 15},
                Tissue.CHEST_WALL_MUSCLE);
        zApex = spine.get("T2").zMid();
        zBase = spine.get("T11").zMid();
        zRib0 = rng.uniform(0, 28);
    }

    /**
     * Places {@code count} separated lesions inside the lungs, inside the slab of slices [zLow,
     * zHigh] and at least 1.1 slice spacings tall. In slabs too thin for that only the centre is
     * inside, and a lesion may continue beyond the first or last slice (the ground truth lists the
     * slices it appears in).
     */
    void placeLesions(Rng rng, double zLow, double zHigh, double sliceSpacing, int count) {
        int attempts = 0;
        while (lesions.size() < count) {
            if (++attempts > 10_000) {
                throw new IllegalArgumentException("cannot place " + count + " lesions in the slab");
            }
            // At least 1.1 slice spacings tall, so it spans two or more slices; centre inside the slab.
            double rz = rng.uniform(Math.max(5, 1.1 * sliceSpacing), Math.max(8, 2.6 * sliceSpacing));
            // Fully inside the slab where it is tall enough, else only the centre.
            double margin = zHigh - zLow > 2 * (rz + sliceSpacing) + 10 ? rz + sliceSpacing : 0.5 * sliceSpacing;
            double lo = Math.max(zLow + margin, lungZ(0.85));
            double hi = Math.min(zHigh - margin, lungZ(0.2));
            if (lo >= hi) {
                throw new IllegalArgumentException("lesions need at least 2 slices inside the lungs");
            }
            double z = rng.uniform(lo, hi);
            boolean right = rng.nextDouble() < 0.5;
            double[] lung = lung(right, z);
            double f = scale(z);
            double x = f * (lung[0] + rng.uniform(-0.45, 0.45) * lung[2]);
            double y = f * (lung[1] + rng.uniform(-0.45, 0.45) * lung[3]);
            Lesion l = new Lesion(lesions.size() + 1, x, y, z, rng.uniform(7, 17), rng.uniform(7, 15), rz);
            if (label(x, y, z) == Tissue.LUNG && isSeparated(l)) {
                lesions.add(l);
            }
        }
    }

    private boolean isSeparated(Lesion l) {
        for (Lesion o : lesions) {
            double dx = l.x() - o.x();
            double dy = l.y() - o.y();
            double dz = l.z() - o.z();
            double min = Math.max(l.rx(), Math.max(l.ry(), l.rz())) + Math.max(o.rx(), Math.max(o.ry(), o.rz())) + 6;
            if (dx * dx + dy * dy + dz * dz < min * min) {
                return false;
            }
        }
        return true;
    }

    private double lungZ(double t) {
        return zApex - t * (zApex - zBase);
    }

    /** Lung apex height (mm). */
    public double zApex() {
        return zApex;
    }

    /** Lung base height (mm). */
    public double zBase() {
        return zBase;
    }

    /** The level dividing upper from lower quadrants: half-way between apex and base. */
    public double zLungMid() {
        return (zApex + zBase) / 2;
    }

    /** The lesions, in id order. */
    public List<Lesion> lesions() {
        return List.copyOf(lesions);
    }

    /** {cx, cy, semi-x, semi-y} of the right or left lung at height z (semi-axes 0 outside). */
    private double[] lung(boolean right, double z) {
        double t = (zApex - z) / (zApex - zBase);
        double w = t < 0 || t > 1 ? 0 : t < 0.3 ? Math.sqrt(t / 0.3) : 1;
        return right
                ? new double[] {-0.5 * a2, cy2 + 0.05 * b2, 0.42 * a2 * w, 0.74 * b2 * w}
                : new double[] {0.5 * a2, cy2 + 0.07 * b2, 0.40 * a2 * w, 0.70 * b2 * w};
    }

    /** The lesion (1-based id) at patient point (x, y, z), or 0. Only meaningful where the label is GROUND_GLASS. */
    public int lesionAt(double x, double y, double z) {
        for (Lesion l : lesions) {
            if (l.contains(x, y, z)) {
                return l.id();
            }
        }
        return 0;
    }

    @Override
    double[] prepare(Section s) {
        double z = s.z;
        double t = (zApex - z) / (zApex - zBase);
        double[] d = new double[12 + 2 * RIBS];
        d[0] = t;
        d[1] = ellipsoidScale(t, 0.75, 0.27);
        double[] r = lung(true, z);
        double[] l = lung(false, z);
        System.arraycopy(r, 0, d, 2, 4);
        System.arraycopy(l, 0, d, 6, 4);
        for (int k = 0; k < RIBS; k++) {
            double deg = 90 + 18 * (k + 1);
            double rib = (z - zRib0 + 7 * (k + 1)) % 28;
            boolean present = Math.abs(deg - 270) >= 25 && (rib < 0 ? rib + 28 : rib) < 11;
            double phi = Math.toRadians(deg);
            d[12 + 2 * k] = present ? 0.94 * a2 * StrictMath.cos(phi) : Double.NaN;
            d[13 + 2 * k] = cy2 + 0.94 * b2 * StrictMath.sin(phi);
        }
        return d;
    }

    @Override
    Tissue cavity(double x, double y, Section s) {
        double[] d = s.data;
        double t = d[0];
        if (t > 1) {
            return ellipse(x, y, -40, cy2, 0.7 * a2, 0.8 * b2) ? Tissue.LIVER : Tissue.VISCERAL_FAT;
        }
        for (int k = 0; k < RIBS; k++) {
            double rx = d[12 + 2 * k];
            if (!Double.isNaN(rx) && ellipse(x, y, rx, d[13 + 2 * k], 6, 4.5)) {
                return Tissue.BONE;
            }
        }
        if (t >= 0 && ellipse(x, y, 22, s.bodyY - 4, 12, 12)) {
            return Tissue.VESSEL;
        }
        if (t >= 0.3 && t <= 0.55 && ellipse(x, y, -8, cy2 - 0.45 * b2, 15, 15)) {
            return Tissue.VESSEL;
        }
        double h = d[1];
        if (h > 0 && ellipse(x, y, 15, cy2 - 0.25 * b2, 0.45 * a2 * h, 0.5 * b2 * h)) {
            return Tissue.HEART;
        }
        if (Math.abs(x) < 28 && y < s.bodyY) {
            return Tissue.MEDIASTINAL_FAT;
        }
        if (ellipse(x, y, d[2], d[3], d[4], d[5]) || ellipse(x, y, d[6], d[7], d[8], d[9])) {
            return lesionAt(x * s.f, y * s.f, s.z) > 0 ? Tissue.GROUND_GLASS : Tissue.LUNG;
        }
        return Tissue.MEDIASTINAL_FAT;
    }
}
