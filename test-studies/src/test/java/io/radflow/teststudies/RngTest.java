package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void inverseNormalMatchesKnownQuantiles() {
        assertThat(Rng.inverseNormal(0.5)).isEqualTo(0.0, within(1e-12));
        assertThat(Rng.inverseNormal(0.975)).isEqualTo(1.959963985, within(1e-6));
        assertThat(Rng.inverseNormal(0.01)).isEqualTo(-2.326347874, within(1e-6));
        assertThat(Rng.inverseNormal(0.999)).isEqualTo(3.090232306, within(1e-6));
    }

    @Test
    void noiseHasUnitVarianceAndIsReproducible() {
        Rng rng = Rng.of(5, "test", 0);
        double sum = 0;
        double sq = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            double g = rng.noise();
            sum += g;
            sq += g * g;
        }
        assertThat(sum / n).isEqualTo(0, within(0.01));
        assertThat(sq / n).isEqualTo(1, within(0.01));
        assertThat(Rng.of(5, "test", 0).noise()).isEqualTo(Rng.of(5, "test", 0).noise());
        assertThat(Rng.of(5, "test", 0).nextLong())
                .isNotEqualTo(Rng.of(5, "test", 1).nextLong());
    }
}
