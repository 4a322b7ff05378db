package io.radflow.teststudies.dx;

import static io.radflow.teststudies.dx.ChestRadiograph.ellipse;

import io.radflow.teststudies.Rng;

/**
 * Where a {@link Finding} lies on a radiograph and how it changes the pixels (millimetres on the
 * detector, u along columns, v along rows). Its mask is {@link #covers} ∩ the lung field.
 *
 * <ul>
 *   <li>pneumonia: the part of an ellipse on one side of a straight fissure (lower or upper lobe),
 *       +450…650 with a soft outer fall-off and a sharp edge along the fissure;
 *   <li>tuberculosis: three merging discs in the upper third of a lung, +400…600, with one or two
 *       lucent cavities (darker than the lung) inside a bright wall;
 *   <li>pneumothorax: the apical and lateral rim between the chest wall and the collapsed lung
 *       (an ellipse shifted down and medially by 10–24 mm): darker, without lung markings, bounded
 *       by a thin white visceral pleural line;
 *   <li>nodule: a disc of radius 5–9 mm, a sphere's profile of +450…700.
 * </ul>
 */
final class FindingShape {
    private static final double MARGIN = 4;

    private final Finding finding;
    private final boolean right;
    private final double midline;
    private final double[] p;
    private final double u0;
    private final double v0;
    private final double u1;
    private final double v1;

    private FindingShape(
            Finding finding, boolean right, double midline, double[] p, double u0, double v0, double u1, double v1) {
        this.finding = finding;
        this.right = right;
        this.midline = midline;
        this.p = p;
        this.u0 = u0;
        this.v0 = v0;
        this.u1 = u1;
        this.v1 = v1;
    }

    /** A candidate shape of finding f in the right (image left) or left lung of x, or null to retry. */
    static FindingShape of(Finding f, boolean right, ChestRadiograph x, Rng rng) {
        double lc = x.lungCentre(right);
        double a = x.lungA();
        double b = x.lungB();
        double medial = right ? 1 : -1;
        switch (f) {
            case NODULE -> {
                double u = lc + rng.uniform(-0.6, 0.6) * a;
                double v = x.lungCv() + rng.uniform(-0.7, 0.6) * b;
                double r = rng.uniform(5, 9);
                double amp = rng.uniform(450, 700);
                if (!(x.inLungField(u - r, v)
                        && x.inLungField(u + r, v)
                        && x.inLungField(u, v - r)
                        && x.inLungField(u, v + r))) {
                    return null;
                }
                return new FindingShape(f, right, x.midline(), new double[] {u, v, r, amp}, u - r, v - r, u + r, v + r);
            }
            case PNEUMONIA -> {
                boolean lower = rng.nextDouble() < 0.6;
                double fv = x.lungCv() + (lower ? rng.uniform(-0.1, 0.25) : rng.uniform(-0.35, -0.05)) * b;
                double slope = rng.uniform(-0.35, 0.35);
                double eu = lc + rng.uniform(-0.25, 0.25) * a;
                double ev = fv + (lower ? 1 : -1) * rng.uniform(0.35, 0.6) * b;
                double ea = rng.uniform(0.6, 0.9) * a;
                double eb = rng.uniform(0.4, 0.65) * b;
                double[] q = {eu, ev, ea, eb, fv, slope, lower ? 1 : 0, lc, rng.uniform(450, 650), rng.uniform(0, 6)};
                FindingShape s = new FindingShape(f, right, x.midline(), q, eu - ea, ev - eb, eu + ea, ev + eb);
                return s.covers(eu, ev) && x.inLungField(eu, ev) ? s : null;
            }
            case TUBERCULOSIS -> {
                double h = x.diaphragm() - x.lungTop();
                double uc = lc + rng.uniform(-0.35, 0.35) * a;
                double vc = x.lungTop() + rng.uniform(0.12, 0.26) * h;
                if (!x.inLungField(uc, vc)) {
                    return null;
                }
                // 3 discs (u, v, r), 2 cavity slots (u, v, r; r 0 = none), amplitude
                double[] q = new double[9 + 6 + 1];
                double bu0 = Double.MAX_VALUE;
                double bv0 = Double.MAX_VALUE;
                double bu1 = -Double.MAX_VALUE;
                double bv1 = -Double.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    double u = uc + (k == 0 ? 0 : rng.uniform(-8, 8));
                    double v = vc + (k == 0 ? 0 : rng.uniform(-6, 6));
                    double r = rng.uniform(8, 13);
                    q[3 * k] = u;
                    q[3 * k + 1] = v;
                    q[3 * k + 2] = r;
                    bu0 = Math.min(bu0, u - r);
                    bv0 = Math.min(bv0, v - r);
                    bu1 = Math.max(bu1, u + r);
                    bv1 = Math.max(bv1, v + r);
                }
                int cavities = 1 + rng.nextInt(2);
                for (int k = 0; k < cavities; k++) {
                    q[9 + 3 * k] = q[3 * k] + rng.uniform(-2, 2);
                    q[10 + 3 * k] = q[3 * k + 1] + rng.uniform(-2, 2);
                    q[11 + 3 * k] = rng.uniform(3, Math.min(5.5, q[3 * k + 2] - 4.5));
                }
                q[15] = rng.uniform(400, 600);
                return new FindingShape(f, right, x.midline(), q, bu0, bv0, bu1, bv1);
            }
            case PNEUMOTHORAX -> {
                double d = rng.uniform(10, 24);
                double[] q = {lc + medial * d / 2, x.lungCv() + d / 2, a - d / 2, b - d / 2};
                return new FindingShape(f, right, x.midline(), q, lc - a, x.lungTop(), lc + a, x.diaphragm());
            }
            default -> throw new IllegalArgumentException(f.toString());
        }
    }

    Finding finding() {
        return finding;
    }

    private boolean sameSide(double u) {
        return (u < midline) == right;
    }

    /** Whether (u, v), a lung-field point, belongs to this finding's mask. */
    boolean covers(double u, double v) {
        if (u < u0 || u > u1 || v < v0 || v > v1 || !sameSide(u)) {
            return false;
        }
        return switch (finding) {
            case NODULE -> ellipse(u, v, p[0], p[1], p[2], p[2]);
            case PNEUMONIA -> ellipse(u, v, p[0], p[1], p[2], p[3]) && (v >= fissure(u)) == (p[6] > 0);
            case TUBERCULOSIS -> inDisc(u, v, 0) || inDisc(u, v, 1) || inDisc(u, v, 2);
            case PNEUMOTHORAX -> !ellipse(u, v, p[0], p[1], p[2], p[3]);
        };
    }

    private double fissure(double u) {
        return p[4] + p[5] * (u - p[7]);
    }

    private boolean inDisc(double u, double v, int k) {
        return ellipse(u, v, p[3 * k], p[3 * k + 1], p[3 * k + 2], p[3 * k + 2]);
    }

    /** Whether this finding removes the lung markings at (u, v) (the pneumothorax rim). */
    boolean hidesMarkings(double u, double v) {
        return finding == Finding.PNEUMOTHORAX && covers(u, v);
    }

    /** The value at lung-field point (u, v) after this finding. */
    double change(double u, double v, double value) {
        switch (finding) {
            case NODULE -> {
                double du = (u - p[0]) / p[2];
                double dv = (v - p[1]) / p[2];
                double q = 1 - du * du - dv * dv;
                return q >= 0 ? value + p[3] * Math.sqrt(q) + 60 : value;
            }
            case PNEUMONIA -> {
                if (!covers(u, v)) {
                    return value;
                }
                double du = (u - p[0]) / p[2];
                double dv = (v - p[1]) / p[3];
                double edge = Math.min(1, (1 - du * du - dv * dv) * 4);
                double texture = 0.92 + 0.08 * StrictMath.sin(u / 3.1 + p[9]) * StrictMath.sin(v / 2.3);
                return value + p[8] * (0.3 + 0.7 * edge) * texture;
            }
            case TUBERCULOSIS -> {
                if (!covers(u, v)) {
                    return value;
                }
                for (int k = 0; k < 2; k++) {
                    double r = p[11 + 3 * k];
                    if (r > 0) {
                        double d = Math.hypot(u - p[9 + 3 * k], v - p[10 + 3 * k]);
                        if (d < r) {
                            return value - 70;
                        }
                        if (d < r + 2.5) {
                            return value + p[15];
                        }
                    }
                }
                double soft = 0;
                for (int k = 0; k < 3; k++) {
                    double du = (u - p[3 * k]) / p[3 * k + 2];
                    double dv = (v - p[3 * k + 1]) / p[3 * k + 2];
                    soft = Math.max(soft, 1 - du * du - dv * dv);
                }
                double texture = 0.9 + 0.1 * StrictMath.sin(u * 1.3) * StrictMath.sin(v * 1.1);
                return value + p[15] * (0.45 + 0.55 * Math.min(1, soft * 3)) * texture;
            }
            case PNEUMOTHORAX -> {
                if (!sameSide(u)) {
                    return value;
                }
                if (covers(u, v)) {
                    return value - 110;
                }
                double du = (u - p[0]) / p[2];
                double dv = (v - p[1]) / p[3];
                double rho = Math.sqrt(du * du + dv * dv);
                return rho > 1 - 1.0 / Math.min(p[2], p[3]) ? value + 260 : value;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Whether another finding placed at o would overlap this one. */
    boolean clashes(FindingShape o) {
        boolean boxes = o.u0 < u1 + MARGIN && u0 < o.u1 + MARGIN && o.v0 < v1 + MARGIN && v0 < o.v1 + MARGIN;
        if (finding == Finding.PNEUMOTHORAX) {
            if (o.finding == Finding.PNEUMOTHORAX) {
                return right == o.right;
            }
            // others may lie inside the collapsed lung, clear of the rim
            return boxes
                    && !(insideCollapsed(o.u0 - MARGIN, o.v0 - MARGIN)
                            && insideCollapsed(o.u1 + MARGIN, o.v0 - MARGIN)
                            && insideCollapsed(o.u0 - MARGIN, o.v1 + MARGIN)
                            && insideCollapsed(o.u1 + MARGIN, o.v1 + MARGIN));
        }
        return o.finding != Finding.PNEUMOTHORAX && boxes;
    }

    private boolean insideCollapsed(double u, double v) {
        return ellipse(u, v, p[0], p[1], p[2], p[3]);
    }
}
