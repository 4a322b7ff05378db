package io.radflow.teststudies.dx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChestRadiographTest {
    private static final int N = ChestRadiograph.SIZE;

    @Test
    void findingBoxesAreTheTightBoundsOfTheirMaskPixelsAndEachFindingHasItsLook() {
        ChestRadiograph dx = new ChestRadiograph(3, ViewPosition.PA, List.of(Finding.values()));
        byte[] mask = new byte[N * N];
        short[] px = dx.pixels(mask);
        DxGroundTruth truth = dx.groundTruth();
        assertThat(truth.findings()).extracting(DxFinding::finding).containsExactly(Finding.values());
        double lung = meanOfLungFieldOutsideFindings(dx, mask, px);
        for (DxFinding o : truth.findings()) {
            int n = 0;
            long sum = 0;
            int c0 = Integer.MAX_VALUE;
            int c1 = -1;
            int r0 = Integer.MAX_VALUE;
            int r1 = -1;
            for (int p = 0; p < mask.length; p++) {
                if (mask[p] == o.id()) {
                    n++;
                    sum += px[p];
                    int r = p / N;
                    int c = p % N;
                    c0 = Math.min(c0, c);
                    c1 = Math.max(c1, c);
                    r0 = Math.min(r0, r);
                    r1 = Math.max(r1, r);
                }
            }
            assertThat(n).isEqualTo(o.pixels()).isGreaterThan(1000);
            assertThat(new int[] {c0, r0, c1, r1})
                    .containsExactly(o.columnMin(), o.rowMin(), o.columnMax(), o.rowMax());
            assertThat(o.side())
                    .isEqualTo((c0 + c1) / 2.0 < dx.midline() / ChestRadiograph.PIXEL_MM ? "right" : "left");
            double mean = (double) sum / n;
            switch (o.finding()) {
                case PNEUMOTHORAX ->
                    assertThat(mean).as("air rim darker than lung").isLessThan(lung - 60);
                case NODULE -> {
                    assertThat(mean).isGreaterThan(lung + 250);
                    assertThat(c1 - c0).isLessThanOrEqualTo(92);
                }
                case TUBERCULOSIS -> {
                    assertThat(mean).isGreaterThan(lung + 200);
                    assertThat(o.zone()).isEqualTo("upper");
                }
                case PNEUMONIA -> {
                    assertThat(mean).isGreaterThan(lung + 250);
                    assertThat(n).isGreaterThan(n(truth, Finding.NODULE));
                }
            }
        }
        for (short v : px) {
            assertThat((int) v).isBetween(0, ChestRadiograph.MAX_VALUE);
        }
    }

    private static int n(DxGroundTruth truth, Finding f) {
        return truth.findings().stream()
                .filter(x -> x.finding() == f)
                .findFirst()
                .orElseThrow()
                .pixels();
    }

    private static double meanOfLungFieldOutsideFindings(ChestRadiograph dx, byte[] mask, short[] px) {
        long sum = 0;
        int n = 0;
        for (int p = 0; p < mask.length; p += 7) {
            double u = (p % N + 0.5) * ChestRadiograph.PIXEL_MM;
            double v = (p / N + 0.5) * ChestRadiograph.PIXEL_MM;
            if (mask[p] == 0 && dx.inLungField(u, v)) {
                sum += px[p];
                n++;
            }
        }
        return (double) sum / n;
    }

    @Test
    void pneumothoraxRimHasNoLungMarkings() {
        ChestRadiograph dx = new ChestRadiograph(11, ViewPosition.PA, List.of(Finding.PNEUMOTHORAX));
        ChestRadiograph normal = new ChestRadiograph(11, ViewPosition.PA, List.of());
        byte[] mask = new byte[N * N];
        short[] px = dx.pixels(mask);
        short[] ref = normal.pixels(null);
        // Same anatomy and noise: on the rim the film is 110 darker and has lost the markings.
        int marked = 0;
        int rim = 0;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p] == 1) {
                double m = normal.markings(
                        (p % N + 0.5) * ChestRadiograph.PIXEL_MM, (p / N + 0.5) * ChestRadiograph.PIXEL_MM);
                assertThat(px[p] - ref[p]).isBetween((int) Math.floor(-110 - m) - 1, (int) Math.ceil(-110 - m) + 1);
                marked += m > 0 ? 1 : 0;
                rim++;
            }
        }
        assertThat(rim).isGreaterThan(20_000);
        assertThat(marked).as("markings reach the rim in the normal film").isGreaterThan(200);
    }

    @Test
    void everyCombinationCanBePlacedInBothViews() {
        for (long seed = 0; seed < 150; seed++) {
            for (ViewPosition view : ViewPosition.values()) {
                long s = seed;
                List<Finding> all = new ArrayList<>(List.of(Finding.values()));
                all.add(Finding.NODULE);
                assertThatCode(() -> new ChestRadiograph(s, view, all)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void findingsDrawnFromTheSeedAreDistinctAndRandomModeCoversNormalAndEachFinding() {
        assertThat(Finding.drawn(5, 4)).containsExactlyInAnyOrder(Finding.values());
        assertThat(Finding.drawn(5, 2)).doesNotHaveDuplicates().hasSize(2).isEqualTo(Finding.drawn(5, 2));
        int normal = 0;
        int[] each = new int[Finding.values().length];
        for (long seed = 0; seed < 400; seed++) {
            List<Finding> r = Finding.random(seed);
            normal += r.isEmpty() ? 1 : 0;
            r.forEach(f -> each[f.ordinal()]++);
        }
        assertThat(normal).isBetween(100, 170);
        for (int c : each) {
            assertThat(c).isBetween(70, 130);
        }
    }

    @Test
    void apHasALargerHeartShadowThanPaAndNormalOnesHaveNoFindings() {
        DxGroundTruth pa = new ChestRadiograph(8, ViewPosition.PA, 0).groundTruth();
        DxGroundTruth ap = new ChestRadiograph(8, ViewPosition.AP, 0).groundTruth();
        assertThat(pa.cardiothoracicRatio()).isBetween(0.42, 0.48);
        assertThat(ap.cardiothoracicRatio()).isBetween(0.56, 0.62);
        assertThat(ap.heartBox()[2] - ap.heartBox()[0]).isGreaterThan(pa.heartBox()[2] - pa.heartBox()[0]);
        assertThat(pa.findings()).isEmpty();
        assertThat(ap.findings()).isEmpty();
    }
}
