package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.ct.Tissue;
import org.junit.jupiter.api.Test;

/**
 * The lung mask from HU on a synthetic chest CT: it matches the phantom's lungs (lung and ground
 * glass labels) with Dice above 0.97 on every slice with lung, and holds every ground-glass pixel.
 */
class LungMaskTest {
    @Test
    void lungMaskMatchesThePhantomsLungs() {
        CtSeries series = TestStudies.chestCt(11, 8, 2).ctStudy().primary();
        int rows = series.geometry().rows();
        int cols = series.geometry().columns();
        int lesionPixels = 0;
        for (int i = 0; i < series.geometry().slices(); i++) {
            byte[] labels = series.labels(i);
            short[] stored = series.storedValues(i, labels);
            float[] hu = new float[stored.length];
            for (int p = 0; p < hu.length; p++) {
                hu[p] = stored[p] + CtSeries.RESCALE_INTERCEPT;
            }
            boolean[] mask = LungMask.of(hu, rows, cols);
            int both = 0;
            int truth = 0;
            int found = 0;
            for (int p = 0; p < labels.length; p++) {
                boolean lung = labels[p] == Tissue.LUNG.label || labels[p] == Tissue.GROUND_GLASS.label;
                truth += lung ? 1 : 0;
                found += mask[p] ? 1 : 0;
                both += lung && mask[p] ? 1 : 0;
                if (labels[p] == Tissue.GROUND_GLASS.label) {
                    lesionPixels++;
                    assertThat(mask[p])
                            .as("ground glass pixel %d of slice %d in the lung mask", p, i)
                            .isTrue();
                }
            }
            if (truth > 0) {
                assertThat(2.0 * both / (truth + found))
                        .as("Dice of slice %d", i)
                        .isGreaterThan(0.97);
            }
        }
        assertThat(lesionPixels).isPositive();
    }
}
