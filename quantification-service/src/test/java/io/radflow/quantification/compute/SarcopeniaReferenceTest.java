package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which literature cut-offs apply to a patient. */
class SarcopeniaReferenceTest {
    static List<Double> values(SarcopeniaReference.Reference r) {
        return r.cutOffs().stream().map(SarcopeniaReference.CutOff::smiBelow).toList();
    }

    @Test
    void women() {
        var r = SarcopeniaReference.forPatient("F", 31.0);
        assertEquals(List.of(38.5, 41.0), values(r));
        assertTrue(r.cutOffs().get(0).citation().contains("Lancet Oncol. 2008"));
        assertTrue(r.cutOffs().get(1).citation().contains("J Clin Oncol. 2013"));
        assertTrue(r.notice().contains("not a diagnosis"));
    }

    @Test
    void menByBmi() {
        assertEquals(List.of(52.4, 43.0), values(SarcopeniaReference.forPatient("M", 24.9)));
        assertEquals(List.of(52.4, 53.0), values(SarcopeniaReference.forPatient("M", 25.0)));
        var unknown = SarcopeniaReference.forPatient("M", null);
        assertEquals(List.of(52.4, 43.0, 53.0), values(unknown));
        assertTrue(unknown.note().contains("BMI unknown"), unknown.note());
    }

    @Test
    void otherOrUnknownSexGetsNone() {
        var o = SarcopeniaReference.forPatient("O", 22.0);
        assertTrue(o.cutOffs().isEmpty());
        assertTrue(o.note().contains("'O'"), o.note());
        assertTrue(SarcopeniaReference.forPatient(null, null).note().contains("absent"));
    }
}
