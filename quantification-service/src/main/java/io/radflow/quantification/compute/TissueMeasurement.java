package io.radflow.quantification.compute;

/**
 * What was measured of one tissue.
 *
 * @param tissue the tissue
 * @param name its display name
 * @param pixels pixels counted (for a slab, the mean count per slice)
 * @param areaCm2 area in cm² (pixels × row spacing × column spacing / 100; for a slab, the mean of the
 *     slices' areas)
 * @param meanHu mean HU of the counted pixels, null when none were counted (for a slab, the mean of
 *     the slices' means, slices without pixels left out)
 * @param sdHu population standard deviation of their HU, null when none were counted (for a slab,
 *     the mean of the slices' SDs)
 */
public record TissueMeasurement(
        BodyTissue tissue, String name, double pixels, double areaCm2, Double meanHu, Double sdHu) {

    /** The measurement of {@code tissue} from sums over its pixels. */
    static TissueMeasurement of(BodyTissue tissue, long n, double sum, double sumSq, double pixelAreaCm2) {
        Double mean = null;
        Double sd = null;
        if (n > 0) {
            double m = sum / n;
            mean = m;
            sd = Math.sqrt(Math.max(0, sumSq / n - m * m));
        }
        return new TissueMeasurement(tissue, tissue.displayName(), n, n * pixelAreaCm2, mean, sd);
    }
}
