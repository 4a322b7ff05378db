package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The result as the JSON API will write it. */
class BodyCompositionResultTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonHasValuesSourcesAndWhatIsMissing() throws Exception {
        BodyCompositionResult r = Results.synthetic(3, 150, 1.75, null);
        JsonNode n = json.readTree(json.writeValueAsString(r));
        assertEquals("1.2.826.0.1.3680043.10.1.3", n.get("studyInstanceUid").asText());
        assertEquals("ANNOTATOR", n.at("/l3/source").asText());
        assertEquals(-117.5, n.at("/l3/positionMm").asDouble());
        assertEquals("SKELETAL_MUSCLE", n.at("/tissues/0/tissue").asText());
        assertEquals(150, n.at("/tissues/0/areaCm2").asDouble(), 1e-9);
        assertTrue(n.at("/tissues/0/meanHu").isNumber());
        assertEquals("MANUAL", n.at("/height/source").asText());
        assertEquals("annotator1", n.at("/height/enteredBy").asText());
        assertTrue(n.get("weight").isNull());
        assertTrue(n.at("/bmi/value").isNull());
        assertTrue(n.at("/bmi/missing").asText().contains("weight missing"));
        assertEquals(150 / (1.75 * 1.75), n.at("/smi/value").asDouble(), 1e-9);
        assertEquals(1, n.get("missing").size());
        assertEquals(-29, n.at("/thresholds/muscleMinHu").asDouble());
        assertEquals("LABEL_SET", n.at("/labels/kind").asText());
        assertEquals("M", n.at("/reference/patientSex").asText());
        assertFalse(n.get("demo").asBoolean());
        BodyCompositionResult back = json.readValue(json.writeValueAsString(r), BodyCompositionResult.class);
        assertEquals(r, back, "records round-trip");
    }

    @Test
    void aDemoResultCarriesItsNotice() {
        BodyCompositionResult r = Results.synthetic(1, 100, 1.6, 60.0);
        var demo = new BodyCompositionResult(
                r.studyInstanceUid(),
                r.l3(),
                r.tissues(),
                r.height(),
                r.weight(),
                r.bmi(),
                r.smi(),
                r.missing(),
                r.thresholds(),
                r.labels(),
                r.reference(),
                true,
                "DEMO model; not for clinical use");
        assertTrue(demo.demo());
        assertThrows(
                IllegalArgumentException.class,
                () -> new BodyCompositionResult(
                        r.studyInstanceUid(),
                        r.l3(),
                        r.tissues(),
                        r.height(),
                        r.weight(),
                        r.bmi(),
                        r.smi(),
                        r.missing(),
                        r.thresholds(),
                        r.labels(),
                        r.reference(),
                        true,
                        null));
    }
}
