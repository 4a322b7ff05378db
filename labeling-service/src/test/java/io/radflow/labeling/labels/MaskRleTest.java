package io.radflow.labeling.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The masks' run-length encoding: exact round trips, small for real masks, malformed input refused. */
class MaskRleTest {
    @Test
    void roundTripsAnyMask() {
        Random r = new Random(7);
        for (int n : new int[] {1, 2, 127, 128, 129, 16384, 512 * 512}) {
            byte[] m = new byte[n];
            for (int i = 0; i < n; i++) {
                m[i] = (byte) (r.nextInt(10) < 3 ? 1 : 0);
            }
            assertThat(MaskRle.decode(MaskRle.encode(m), n)).isEqualTo(m);
            assertThat(MaskRle.decodeBase64(MaskRle.encodeBase64(m), n)).isEqualTo(m);
        }
        byte[] full = new byte[512 * 512];
        java.util.Arrays.fill(full, (byte) 1);
        assertThat(MaskRle.decode(MaskRle.encode(full), full.length)).isEqualTo(full);
        assertThat(MaskRle.decode(MaskRle.encode(new byte[300]), 300)).containsOnly(0);
    }

    /** A 512 × 512 slice's muscle, as an annotator saves it, is a few kilobytes at most on the wire. */
    @Test
    void aRealSliceStaysSmall(@TempDir Path dir) {
        GroundTruth g = TestStudies.abdominalCt(5, 3).writeTo(dir);
        byte[] labels = g.study().ctStudy().primary().labels(1);
        byte[] muscle = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            muscle[i] = (byte) (Tissue.ofLabel(labels[i]).isSkeletalMuscle() ? 1 : 0);
        }
        assertThat(labels).hasSize(512 * 512);
        assertThat(MaskRle.count(muscle)).isGreaterThan(5000);
        assertThat(MaskRle.encodeBase64(muscle).length()).isLessThan(4096);
    }

    @Test
    void malformedRunsAreRefused() {
        byte[] m = MaskRle.encode(new byte[] {0, 1, 1, 0});
        assertThatThrownBy(() -> MaskRle.decode(m, 5)).hasMessageContaining("4 pixels, the frame has 5");
        assertThatThrownBy(() -> MaskRle.decode(m, 3)).hasMessageContaining("more than 3 pixels");
        assertThatThrownBy(() -> MaskRle.decode(new byte[] {(byte) 0x80}, 3)).hasMessageContaining("end inside");
        assertThatThrownBy(() -> MaskRle.decodeBase64("***", 3)).hasMessageContaining("not base64");
    }
}
