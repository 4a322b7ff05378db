package io.radflow.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radflow.model.manifest.OutputSpec.Activation;
import io.radflow.model.runtime.Tensor;
import org.junit.jupiter.api.Test;

class ActivationsAndComponentsTest {
    @Test
    void sigmoidPerValue() {
        Tensor t = Activations.apply(new Tensor(new long[] {3}, new float[] {0, 2, -2}), Activation.SIGMOID);

        assertThat(t.data()[0]).isEqualTo(0.5f);
        assertThat((double) t.data()[1]).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-7));
        assertThat(t.data()[1] + t.data()[2]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void softmaxOverTheChannelAxisPerPixel() {
        // [C=2, H=1, W=2]: pixel 0 has (0, 0), pixel 1 has (1000, 0) (no overflow)
        Tensor t = Activations.apply(new Tensor(new long[] {2, 1, 2}, new float[] {0, 1000, 0, 0}), Activation.SOFTMAX);

        assertThat(t.data()).containsExactly(0.5f, 1f, 0.5f, 0f);
    }

    @Test
    void eightConnectedComponentsWithBoxes() {
        String[] rows = {
            "#...#", //
            ".#..#", //
            "....#", //
            "##...",
        };
        boolean[] mask = new boolean[20];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                mask[y * 5 + x] = rows[y].charAt(x) == '#';
            }
        }
        var components = ConnectedComponents.of(mask, 5, 4);

        assertThat(components).hasSize(3);
        assertThat(components.get(0).area()).isEqualTo(2); // diagonal neighbours join
        assertThat(components.get(1))
                .extracting(c -> c.area(), c -> c.minX(), c -> c.minY(), c -> c.maxX(), c -> c.maxY())
                .containsExactly(3, 4, 0, 4, 2);
        assertThat(ConnectedComponents.removeSmall(mask, 5, 4, 3)).isEqualTo(2);
        assertThat(mask[4 + 5 * 2]).isTrue();
        assertThat(mask[0]).isFalse();
    }
}
