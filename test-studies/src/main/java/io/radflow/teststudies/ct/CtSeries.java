package io.radflow.teststudies.ct;

import io.radflow.teststudies.Rng;

/**
 * One axial CT series of a phantom: label maps and stored pixel values, slice by slice, computed
 * on demand (nothing is held in memory), plus the ground truth.
 *
 * <p>Stored values are signed 16-bit; HU = stored − 1024 (RescaleSlope 1, RescaleIntercept −1024).
 * Each pixel gets its compartment's mean HU plus seeded Gaussian noise ({@link Tissue#sdHu}).
 */
public final class CtSeries {
    /** RescaleIntercept of every generated CT image. */
    public static final int RESCALE_INTERCEPT = -1024;

    private final long seed;
    private final String kind;
    private final String uidNamespace;
    private final int seriesNumber;
    private final String description;
    private final CtPhantom phantom;
    private final CtGeometry geometry;
    private CtGroundTruth truth;

    CtSeries(
            long seed,
            String kind,
            String uidNamespace,
            int seriesNumber,
            String description,
            CtPhantom phantom,
            CtGeometry geometry) {
        this.seed = seed;
        this.kind = kind;
        this.uidNamespace = uidNamespace;
        this.seriesNumber = seriesNumber;
        this.description = description;
        this.phantom = phantom;
        this.geometry = geometry;
    }

    /** Seed of the study. */
    public long seed() {
        return seed;
    }

    /** Study kind ("abdominal-ct", "chest-ct", …). */
    public String kind() {
        return kind;
    }

    /** What UIDs are derived from besides the seed (kind and parameters, see {@link io.radflow.teststudies.Uids}). */
    public String uidNamespace() {
        return uidNamespace;
    }

    /** SeriesNumber. */
    public int seriesNumber() {
        return seriesNumber;
    }

    /** SeriesDescription. */
    public String description() {
        return description;
    }

    /** The phantom. */
    public CtPhantom phantom() {
        return phantom;
    }

    /** The image grid. */
    public CtGeometry geometry() {
        return geometry;
    }

    /** The label map of slice i (row-major, one {@link Tissue#label} byte per pixel). */
    public byte[] labels(int i) {
        int rows = geometry.rows();
        int cols = geometry.columns();
        CtPhantom.Section section = phantom.section(geometry.z()[i]);
        byte[] out = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            double y = geometry.y(r);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (byte) section.label(geometry.x(c), y).label;
            }
        }
        return out;
    }

    /** Stored pixel values of slice i (HU + 1024), row-major. */
    public short[] storedValues(int i) {
        return storedValues(i, labels(i));
    }

    /** Stored pixel values of slice i for its label map. */
    public short[] storedValues(int i, byte[] labels) {
        Rng rng = Rng.of(seed, kind + "/ct-noise/" + seriesNumber, i);
        short[] out = new short[labels.length];
        for (int p = 0; p < labels.length; p++) {
            Tissue t = Tissue.ofLabel(labels[p]);
            long hu = Math.round(t.meanHu + t.sdHu * rng.noise());
            out[p] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, hu - RESCALE_INTERCEPT));
        }
        return out;
    }

    /** The ground truth (computed once by labelling every slice). */
    public synchronized CtGroundTruth groundTruth() {
        if (truth == null) {
            truth = CtGroundTruth.compute(this);
        }
        return truth;
    }
}
