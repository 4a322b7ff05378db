package io.radflow.teststudies.ct;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.ct.CtGroundTruth.LesionSlice;
import io.radflow.teststudies.ct.CtGroundTruth.LesionTruth;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChestCtTruthTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void lesionsSpanConsecutiveSlicesInTheirQuadrantsWithGroundGlassHu(long seed) {
        CtSeries series = CtStudy.chest(seed, 20, 3).primary();
        CtGroundTruth truth = series.groundTruth();
        CtGeometry g = series.geometry();
        ChestPhantom chest = (ChestPhantom) series.phantom();
        assertThat(truth.lesions()).hasSize(3);
        long ggo = 0;
        long ggoIn = 0;
        for (LesionTruth l : truth.lesions()) {
            assertThat(l.slices()).as("lesion %d", l.lesion().id()).hasSizeGreaterThanOrEqualTo(2);
            for (int k = 1; k < l.slices().size(); k++) {
                assertThat(l.slices().get(k).index())
                        .isEqualTo(l.slices().get(k - 1).index() + 1);
            }
            TreeSet<String> quadrants = new TreeSet<>();
            for (LesionSlice s : l.slices()) {
                byte[] labels = series.labels(s.index());
                short[] stored = series.storedValues(s.index(), labels);
                double z = g.z()[s.index()];
                int n = 0;
                for (int p = 0; p < labels.length; p++) {
                    int r = p / g.columns();
                    int c = p % g.columns();
                    boolean mine = labels[p] == Tissue.GROUND_GLASS.label
                            && chest.lesionAt(g.x(c), g.y(r), z) == l.lesion().id();
                    if (mine) {
                        n++;
                        assertThat(r).isBetween(s.rowMin(), s.rowMax());
                        assertThat(c).isBetween(s.columnMin(), s.columnMax());
                        int hu = stored[p] + CtSeries.RESCALE_INTERCEPT;
                        ggo++;
                        ggoIn += hu >= Tissue.GGO_MIN_HU && hu <= Tissue.GGO_MAX_HU ? 1 : 0;
                        quadrants.add((g.x(c) < 0 ? "right-" : "left-") + (z >= truth.zLungMid() ? "upper" : "lower"));
                    }
                }
                assertThat(n).isEqualTo(s.pixels());
            }
            assertThat(l.quadrants()).containsExactlyElementsOf(quadrants);
            assertThat(l.quadrants()).allMatch(q -> q.startsWith(l.lesion().side()));
        }
        assertThat((double) ggoIn / ggo).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void lesionFreeStudyHasNoGroundGlass() {
        CtSeries series = CtStudy.chest(11, 20, 0).primary();
        CtGroundTruth truth = series.groundTruth();
        assertThat(truth.lesions()).isEmpty();
        assertThat(truth.slices()).allMatch(s -> s.pixels(Tissue.GROUND_GLASS) == 0);
        assertThat(truth.slices()).allMatch(s -> s.pixels(Tissue.LUNG) > 10_000);
        assertThat(truth.l3SliceIndex()).isEqualTo(-1);
    }

    @Test
    void lungsAreDarkAndQuadrantsCoverUpperAndLower() {
        CtSeries series = CtStudy.chest(5, 40, 4).primary();
        CtGroundTruth truth = series.groundTruth();
        assertThat(truth.slices().get(0).z()).isGreaterThan(truth.zLungMid());
        assertThat(truth.slices().get(39).z()).isLessThan(truth.zLungMid());
        byte[] labels = series.labels(10);
        short[] stored = series.storedValues(10, labels);
        double sum = 0;
        int n = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == Tissue.LUNG.label) {
                sum += stored[p] + CtSeries.RESCALE_INTERCEPT;
                n++;
            }
        }
        assertThat(sum / n).isBetween(-900.0, -800.0);
    }
}
