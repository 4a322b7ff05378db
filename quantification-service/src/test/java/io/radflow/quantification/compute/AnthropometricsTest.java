package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Height and weight from the tags or entered by hand; BMI and SMI, or why they are missing. */
class AnthropometricsTest {
    static final Instant WHEN = Instant.parse("2026-12-08T10:15:30Z");

    static Attributes tags(Double size, Double weight) {
        Attributes ds = new Attributes();
        if (size != null) {
            ds.setDouble(Tag.PatientSize, VR.DS, size);
        }
        if (weight != null) {
            ds.setDouble(Tag.PatientWeight, VR.DS, weight);
        }
        return ds;
    }

    @Test
    void tagsPresentGiveBmiAndSmi() {
        Anthropometrics a = Anthropometrics.fromTags(tags(1.80, 81.0));
        assertEquals(Anthropometrics.Source.TAG, a.height().source());
        assertEquals(1.80, a.height().value());
        assertEquals("kg", a.weight().unit());
        assertEquals(25.0, a.bmi().value(), 1e-9, "81 / 1.8²");
        assertEquals("kg/m²", a.bmi().unit());
        assertEquals(50.0, a.smi(162).value(), 1e-9, "162 cm² / 1.8²");
        assertEquals("cm²/m²", a.smi(162).unit());
        assertTrue(a.missing().isEmpty());
    }

    @Test
    void tagsAbsentOrZeroSayWhatIsMissing() {
        Anthropometrics a = Anthropometrics.fromTags(tags(null, 0.0));
        assertNull(a.height());
        assertNull(a.weight());
        assertNull(a.bmi().value());
        assertTrue(
                a.bmi().missing().contains("Patient Size (0010,1020) is absent"),
                a.bmi().missing());
        assertTrue(
                a.bmi().missing().contains("Patient Weight (0010,1030) is 0"),
                a.bmi().missing());
        assertFalse(a.smi(120).hasValue());
        assertTrue(
                a.smi(120).missing().startsWith("SMI not computed: height missing"),
                a.smi(120).missing());
        assertEquals(2, a.missing().size());
    }

    @Test
    void onlyWeightMissingStillGivesSmi() {
        Anthropometrics a = Anthropometrics.fromTags(tags(1.60, null));
        assertEquals(120 / (1.6 * 1.6), a.smi(120).value(), 1e-9);
        assertFalse(a.bmi().hasValue());
        assertEquals(List.of(a.weightMissing()), a.missing());
    }

    @Test
    void implausibleTagIsTreatedAsMissing() {
        Anthropometrics a = Anthropometrics.fromTags(tags(175.0, 70.0));
        assertNull(a.height(), "175 m (a height in cm) is not used");
        assertTrue(a.heightMissing().contains("175 m is outside 0.3–2.5 m"), a.heightMissing());
    }

    @Test
    void enteredValuesKeepWhoAndWhenAndFillTheGaps() {
        Anthropometrics a = Anthropometrics.fromTags(tags(null, null))
                .withManualHeight(1.70, "dr.kim", WHEN)
                .withManualWeight(72.25, "dr.kim", WHEN);
        assertEquals(Anthropometrics.Source.MANUAL, a.height().source());
        assertEquals("dr.kim", a.height().enteredBy());
        assertEquals("2026-12-08T10:15:30Z", a.weight().enteredAt());
        assertEquals(25.0, a.bmi().value(), 1e-9);
        assertTrue(a.missing().isEmpty());
    }

    @Test
    void implausibleEntriesAreRefusedWithAReadableMessage() {
        Anthropometrics a = Anthropometrics.none();
        var tall = assertThrows(ImplausibleValueException.class, () -> a.withManualHeight(17, "u", WHEN));
        assertEquals("height 17 m is not plausible: it must lie within 0.3–2.5 m", tall.getMessage());
        var cm = assertThrows(ImplausibleValueException.class, () -> a.withManualHeight(175, "u", WHEN));
        assertTrue(cm.getMessage().endsWith("(in metres, not centimetres: 1.75?)"), cm.getMessage());
        var zero = assertThrows(ImplausibleValueException.class, () -> a.withManualWeight(0, "u", WHEN));
        assertEquals("weight 0 kg is not plausible: it must lie within 0.5–500 kg", zero.getMessage());
        assertThrows(ImplausibleValueException.class, () -> a.withManualWeight(Double.NaN, "u", WHEN));
        assertThrows(ImplausibleValueException.class, () -> a.withManualWeight(501, "u", WHEN));
        assertTrue(IllegalArgumentException.class.isAssignableFrom(ImplausibleValueException.class));
        assertThrows(IllegalArgumentException.class, () -> a.withManualWeight(70, " ", WHEN), "who is required");
    }
}
