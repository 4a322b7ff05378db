package io.radflow.teststudies.ct;

import static io.radflow.teststudies.ct.Shapes.box;
import static io.radflow.teststudies.ct.Shapes.ellipse;

import io.radflow.teststudies.Rng;

/**
 * An analytic trunk phantom in patient coordinates (LPS, millimetres: +x towards the patient's left,
 * +y posterior, +z towards the head). Skin, subcutaneous fat and the muscular wall are elliptical
 * rings; the spine (vertebral body or disc, spinal canal, posterior elements, paraspinal muscles)
 * sits at the back; subclasses fill the cavity. Every point has exactly one {@link Tissue}, so the
 * label maps are exact.
 */
public abstract sealed class CtPhantom permits AbdomenPhantom, ChestPhantom {
    static final double SKIN = 2.0;

    /** The vertebral column. */
    protected final Spine spine;

    final double a;
    final double b;
    final double a1;
    final double b1;
    final double cy1;
    final double a2;
    final double b2;
    final double cy2;
    /** Posterior boundary of the cavity (y). */
    final double yp;

    final double canalY;
    private final double phase;
    private final Tissue wallMuscle;

    CtPhantom(Rng rng, double zMidL3, double[] size, double[] sat, double[] wall, Tissue wallMuscle) {
        this.spine = new Spine(rng, zMidL3);
        this.a = rng.uniform(size[0], size[1]);
        this.b = rng.uniform(size[2], size[3]);
        double satLat = rng.uniform(sat[0], sat[1]);
        double satAnt = rng.uniform(sat[2], sat[3]);
        double satPost = rng.uniform(sat[4], sat[5]);
        double w = rng.uniform(wall[0], wall[1]);
        this.a1 = a - SKIN - satLat;
        double top = -b + SKIN + satAnt;
        double bottom = b - SKIN - satPost;
        this.cy1 = (top + bottom) / 2;
        this.b1 = (bottom - top) / 2;
        this.a2 = a1 - w;
        this.b2 = b1 - w;
        this.cy2 = cy1;
        this.yp = cy2 + b2;
        this.canalY = yp - 48;
        this.wallMuscle = wallMuscle;
        this.phase = rng.uniform(0, 2 * Math.PI);
    }

    /** The vertebral column of this phantom. */
    public Spine spine() {
        return spine;
    }

    /** The tissue at patient position (x, y, z) in mm. */
    public final Tissue label(double x, double y, double z) {
        return section(z).label(x, y);
    }

    /** The axial cross-section at height z, for labelling many points of one slice quickly. */
    public final Section section(double z) {
        return new Section(z);
    }

    /** One axial cross-section: what depends on z only is computed once. */
    public final class Section {
        final double z;
        final double f;
        final SpineSegment segment;
        final double bodyA;
        final double bodyB;
        final double bodyY;
        final boolean transverse;
        final double[] data;

        Section(double z) {
            this.z = z;
            // The whole cross-section breathes slowly with z (±3 %), so areas vary along the series.
            this.f = scale(z);
            this.segment = spine.at(z);
            double[] ax = bodySemiAxes(segment);
            this.bodyA = ax[0];
            this.bodyB = ax[1];
            this.bodyY = canalY - 8 - 3 - bodyB;
            double h = segment.zSuperior() - segment.zInferior();
            this.transverse = !segment.disc() && Double.isFinite(h) && Math.abs(z - segment.zMid()) < 0.3 * h;
            this.data = prepare(this);
        }

        /** The tissue at patient (x, y) in this section. */
        public Tissue label(double px, double py) {
            double x = px / f;
            double y = py / f;
            if (!ellipse(x, y, 0, 0, a, b)) {
                return Tissue.AIR;
            }
            if (!ellipse(x, y, 0, 0, a - SKIN, b - SKIN)) {
                return Tissue.SKIN;
            }
            if (!ellipse(x, y, 0, cy1, a1, b1)) {
                return Tissue.SUBCUTANEOUS_FAT;
            }
            if (!ellipse(x, y, 0, cy2, a2, b2)) {
                return wallMuscle;
            }
            Tissue t = spine(x, y, this);
            return t != null ? t : cavity(x, y, this);
        }
    }

    /** Factor by which the cross-section at height z is enlarged (patient mm = phantom mm × factor). */
    final double scale(double z) {
        return 1 + 0.03 * StrictMath.sin(z / 45 + phase);
    }

    /** Semi-axes (lateral, antero-posterior) of the vertebral body or disc of segment s. */
    static double[] bodySemiAxes(SpineSegment s) {
        char c = s.name().charAt(0);
        if (s.name().startsWith("S1")) {
            return new double[] {30, 18};
        }
        if (c == 'L' || s.name().startsWith("T12-L")) {
            return new double[] {22, 17};
        }
        return new double[] {17, 14};
    }

    private Tissue spine(double x, double y, Section s) {
        if (ellipse(x, y, 0, canalY, 10, 8)) {
            return Tissue.SPINAL_CANAL;
        }
        if (ellipse(x, y, 0, s.bodyY, s.bodyA, s.bodyB)) {
            return s.segment.disc() ? Tissue.DISC : Tissue.BONE;
        }
        if (!s.segment.disc()) {
            if (ellipse(x, y, 0, canalY, 17, 14) || box(x, y, -4, 4, canalY + 10, canalY + 36)) {
                return Tissue.BONE;
            }
            if (s.transverse && box(Math.abs(x), y, 14, 40, canalY - 8, canalY)) {
                return Tissue.BONE;
            }
        }
        if (ellipse(Math.abs(x), y, 28, yp - 26, 20, 22)) {
            return Tissue.PARASPINAL_MUSCLE;
        }
        return null;
    }

    /** Per-section numbers the subclass needs (kept in {@link Section#data}). */
    abstract double[] prepare(Section s);

    /** The tissue inside the cavity, where the spine has nothing. */
    abstract Tissue cavity(double x, double y, Section s);
}
