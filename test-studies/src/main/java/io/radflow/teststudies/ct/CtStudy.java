package io.radflow.teststudies.ct;

import io.radflow.teststudies.Rng;
import java.util.List;

/**
 * A CT study of one phantom: series 1 is the primary axial series (the one the ground truth is
 * mostly about); series 2 a thick reconstruction of the same range (twice the spacing, half the
 * slices). Labels are sampled at slice centres (no partial-volume effect).
 */
public final class CtStudy {
    /** Kind of an abdominal CT study. */
    public static final String ABDOMINAL = "abdominal-ct";
    /** Kind of a chest CT study. */
    public static final String CHEST = "chest-ct";

    private final long seed;
    private final String kind;
    private final String uidNamespace;
    private final CtPhantom phantom;
    private final List<CtSeries> series;

    private CtStudy(long seed, String kind, String uidNamespace, CtPhantom phantom, List<CtSeries> series) {
        this.seed = seed;
        this.kind = kind;
        this.uidNamespace = uidNamespace;
        this.phantom = phantom;
        this.series = series;
    }

    /** Abdominal CT with {@code slices} slices in series 1, always covering mid-L3. */
    public static CtStudy abdomen(long seed, int slices) {
        return abdomen(seed, slices, "");
    }

    /**
     * Abdominal CT whose UIDs also depend on {@code uidTag} (for studies that differ only in
     * patient attributes).
     */
    public static CtStudy abdomen(long seed, int slices, String uidTag) {
        Rng rng = Rng.of(seed, ABDOMINAL, 0);
        double zMidL3 = -150 - 10 * rng.nextInt(11);
        AbdomenPhantom phantom = new AbdomenPhantom(rng, zMidL3);
        double zCentre = phantom.spine().get("L3").zMid() + rng.uniform(-0.15, 0.15) * slices * 2.5;
        CtGeometry g = CtGeometry.of(rng, slices, zCentre, 1);
        String ns = ABDOMINAL + "/" + slices + uidTag;
        return new CtStudy(seed, ABDOMINAL, ns, phantom, series(seed, ABDOMINAL, ns, phantom, g, "Abdomen"));
    }

    /** Chest CT with {@code slices} slices around the lung mid-height and {@code lesions} lesions. */
    public static CtStudy chest(long seed, int slices, int lesions) {
        return chest(seed, slices, lesions, "");
    }

    /** Chest CT whose UIDs also depend on {@code uidTag}. */
    public static CtStudy chest(long seed, int slices, int lesions, String uidTag) {
        Rng rng = Rng.of(seed, CHEST, 0);
        double zMidL3 = -150 - 10 * rng.nextInt(11);
        ChestPhantom phantom = new ChestPhantom(rng, zMidL3);
        double len = phantom.zApex() - phantom.zBase();
        double zCentre = phantom.zLungMid() + rng.uniform(-0.05, 0.05) * len;
        CtGeometry g = CtGeometry.of(rng, slices, zCentre, 1);
        phantom.placeLesions(rng, g.z()[g.slices() - 1], g.z()[0], g.sliceSpacing(), lesions);
        String ns = CHEST + "/" + slices + "/" + lesions + uidTag;
        return new CtStudy(seed, CHEST, ns, phantom, series(seed, CHEST, ns, phantom, g, "Chest"));
    }

    private static List<CtSeries> series(long seed, String kind, String ns, CtPhantom p, CtGeometry g, String region) {
        CtSeries primary = new CtSeries(seed, kind, ns, 1, region + " " + mm(g.sliceSpacing()) + " mm", p, g);
        int n = g.slices() / 2;
        if (n == 0) {
            return List.of(primary);
        }
        double[] z = new double[n];
        for (int j = 0; j < n; j++) {
            z[j] = (g.z()[2 * j] + g.z()[2 * j + 1]) / 2;
        }
        CtGeometry thick =
                new CtGeometry(g.rows(), g.columns(), g.pixelSpacing(), 2 * g.sliceSpacing(), z, g.x0(), g.y0());
        CtSeries second = new CtSeries(seed, kind, ns, 2, region + " " + mm(thick.sliceSpacing()) + " mm", p, thick);
        return List.of(primary, second);
    }

    private static String mm(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Seed. */
    public long seed() {
        return seed;
    }

    /** Kind ({@link #ABDOMINAL} or {@link #CHEST}). */
    public String kind() {
        return kind;
    }

    /** What the study's UIDs are derived from besides the seed. */
    public String uidNamespace() {
        return uidNamespace;
    }

    /** The phantom. */
    public CtPhantom phantom() {
        return phantom;
    }

    /** The series, primary first. */
    public List<CtSeries> series() {
        return series;
    }

    /** The primary series. */
    public CtSeries primary() {
        return series.get(0);
    }
}
