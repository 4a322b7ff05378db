package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.ct.CtStudy;
import io.radflow.teststudies.dx.ChestRadiograph;
import io.radflow.teststudies.dx.ViewPosition;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    @Test
    void sameSeedSamePixelsAndTruthDifferentSeedDifferent() {
        CtSeries a = CtStudy.chest(21, 12, 1).primary();
        CtSeries b = CtStudy.chest(21, 12, 1).primary();
        CtSeries c = CtStudy.chest(22, 12, 1).primary();
        assertThat(a.storedValues(5)).isEqualTo(b.storedValues(5));
        assertThat(a.storedValues(5)).isNotEqualTo(c.storedValues(5));
        assertThat(Json.write(a.groundTruth().toJsonTree()))
                .isEqualTo(Json.write(b.groundTruth().toJsonTree()))
                .isNotEqualTo(Json.write(c.groundTruth().toJsonTree()));
        assertThat(new ChestRadiograph(4, ViewPosition.AP, 1).pixels(null))
                .isEqualTo(new ChestRadiograph(4, ViewPosition.AP, 1).pixels(null));
    }

    @Test
    void uidsAreValidAndStable() {
        String uid = Uids.of(1, "abdominal-ct", "study");
        assertThat(uid).startsWith("2.25.").hasSizeLessThanOrEqualTo(64).matches("2\\.25\\.[1-9][0-9]*");
        assertThat(Uids.of(1, "abdominal-ct", "study")).isEqualTo(uid);
        assertThat(Uids.of(2, "abdominal-ct", "study")).isNotEqualTo(uid);
    }
}
