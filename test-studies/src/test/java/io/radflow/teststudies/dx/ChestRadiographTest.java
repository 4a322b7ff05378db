package io.radflow.teststudies.dx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChestRadiographTest {

    @Test
    void opacityBoxesAreTheTightBoundsOfTheOpacityPixels() {
        ChestRadiograph dx = new ChestRadiograph(3, ViewPosition.PA, 3);
        byte[] mask = new byte[ChestRadiograph.SIZE * ChestRadiograph.SIZE];
        short[] px = dx.pixels(mask);
        DxGroundTruth truth = dx.groundTruth();
        assertThat(truth.opacities()).hasSize(3);
        for (Opacity o : truth.opacities()) {
            int n = 0;
            int c0 = Integer.MAX_VALUE;
            int c1 = -1;
            int r0 = Integer.MAX_VALUE;
            int r1 = -1;
            for (int p = 0; p < mask.length; p++) {
                if (mask[p] == o.id()) {
                    n++;
                    int r = p / ChestRadiograph.SIZE;
                    int c = p % ChestRadiograph.SIZE;
                    c0 = Math.min(c0, c);
                    c1 = Math.max(c1, c);
                    r0 = Math.min(r0, r);
                    r1 = Math.max(r1, r);
                }
            }
            assertThat(n).isEqualTo(o.pixels()).isGreaterThan(1000);
            assertThat(new int[] {c0, r0, c1, r1})
                    .containsExactly(o.columnMin(), o.rowMin(), o.columnMax(), o.rowMax());
            // Brighter than the lung around it: mean inside the box centre vs. just outside.
            int cr = (o.rowMin() + o.rowMax()) / 2;
            int cc = (o.columnMin() + o.columnMax()) / 2;
            assertThat(px[cr * ChestRadiograph.SIZE + cc]).isGreaterThan((short) 1100);
            assertThat(o.side()).isEqualTo(o.centreColumn() < ChestRadiograph.SIZE / 2.0 ? "right" : "left");
        }
        for (short v : px) {
            assertThat((int) v).isBetween(0, ChestRadiograph.MAX_VALUE);
        }
    }

    @Test
    void apHasALargerHeartShadowThanPaAndNormalOnesHaveNoOpacities() {
        DxGroundTruth pa = new ChestRadiograph(8, ViewPosition.PA, 0).groundTruth();
        DxGroundTruth ap = new ChestRadiograph(8, ViewPosition.AP, 0).groundTruth();
        assertThat(pa.cardiothoracicRatio()).isBetween(0.42, 0.48);
        assertThat(ap.cardiothoracicRatio()).isBetween(0.56, 0.62);
        assertThat(ap.heartBox()[2] - ap.heartBox()[0]).isGreaterThan(pa.heartBox()[2] - pa.heartBox()[0]);
        assertThat(pa.opacities()).isEmpty();
        assertThat(ap.opacities()).isEmpty();
    }
}
