package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.labels.MaskRle;
import io.radflow.labeling.testing.Api;
import io.radflow.labeling.testing.IndexFixture;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.teststudies.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools through the API on archived frames (abdominal and chest CT with ground truth, indexed as
 * ingest does): back projection from a square inside the paraspinal muscle finds the slice's skeletal
 * muscle (Dice ≥ 0.9), GrabCut on a lesion's box finds the lesion (Dice ≥ 0.85), the HU threshold
 * selects exactly the muscle range; the answer is the mask a label save takes; bad input (a rectangle
 * outside the image, a frame that does not exist, an unknown instance, a scribble of the wrong size)
 * gets 400/404 with a reason; readers cannot run tools.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class ToolsApiTest {
    static ToolCases.MuscleCase abdomen;
    static ToolCases.LesionCase chest;

    @BeforeAll
    static void data() throws Exception {
        Path dir =
                Files.createDirectories(Path.of("target/test-data/tools-api")).toAbsolutePath();
        abdomen = ToolCases.l3(2, dir);
        chest = ToolCases.lesion(3, dir);
        IndexFixture.index(abdomen.truth().dir());
        IndexFixture.index(chest.truth().dir());
    }

    static Map<String, Object> frame(GroundTruth g, int slice, int frame) {
        return Map.of(
                "studyInstanceUID", g.info().studyInstanceUid(),
                "seriesInstanceUID", g.series().get(0).seriesInstanceUid(),
                "sopInstanceUID", g.series().get(0).sopInstanceUids().get(slice),
                "frame", frame);
    }

    static Map<String, Object> rect(Rect r) {
        return Map.of("x", r.x(), "y", r.y(), "width", r.width(), "height", r.height());
    }

    static byte[] mask(Api.Answer a) {
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        int pixels = a.json().get("rows").asInt() * a.json().get("columns").asInt();
        byte[] m = MaskRle.decodeBase64(a.json().get("mask").asText(), pixels);
        assertThat(a.json().get("pixels").asInt()).isEqualTo(MaskRle.count(m));
        assertThat(a.json().get("toolMillis").asDouble()).isPositive();
        return m;
    }

    @Test
    void backProjectionFindsTheMuscle() {
        Api.Answer a = Api.post(
                "annotator",
                "/api/v1/tools/back-projection",
                Map.of(
                        "frame", frame(abdomen.truth(), abdomen.slice(), 1),
                        "sample", rect(abdomen.sample()),
                        "window", Map.of("low", -29, "high", 150)));
        assertThat(ToolCases.dice(mask(a), abdomen.muscle())).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void grabCutFindsTheLesion() {
        Api.Answer a = Api.post(
                "annotator",
                "/api/v1/tools/grabcut",
                Map.of(
                        "frame", frame(chest.truth(), chest.slice(), 1),
                        "rect", rect(chest.box()),
                        "window", Map.of("low", -1350, "high", 150),
                        "iterations", 5));
        assertThat(ToolCases.dice(mask(a), chest.lesion())).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void thresholdSelectsTheHuRange() {
        Api.Answer a = Api.post(
                "admin",
                "/api/v1/tools/threshold",
                Map.of("frame", frame(abdomen.truth(), abdomen.slice(), 1), "low", -29, "high", 150));
        byte[] m = mask(a);
        float[] hu = abdomen.frame().values();
        for (int i = 0; i < m.length; i++) {
            assertThat(m[i] != 0).as("pixel %d at %s HU", i, hu[i]).isEqualTo(hu[i] >= -29 && hu[i] <= 150);
        }
    }

    @Test
    void badInputGetsAReason() {
        Map<String, Object> ok = new HashMap<>(Map.of(
                "frame", frame(abdomen.truth(), abdomen.slice(), 1),
                "sample", rect(abdomen.sample()),
                "window", Map.of("low", -29, "high", 150)));
        Map<String, Object> outside = new HashMap<>(ok);
        outside.put("sample", Map.of("x", 500, "y", 500, "width", 40, "height", 40));
        Api.Answer a = Api.post("annotator", "/api/v1/tools/back-projection", outside);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.at("/error")).contains("not inside the image");

        Map<String, Object> noFrame = new HashMap<>(ok);
        noFrame.put("frame", frame(abdomen.truth(), abdomen.slice(), 2));
        Api.Answer f = Api.post("annotator", "/api/v1/tools/back-projection", noFrame);
        assertThat(f.status()).isEqualTo(404);
        assertThat(f.at("/error")).contains("frame 2");

        Map<String, Object> unknown = new HashMap<>(ok);
        unknown.put(
                "frame",
                Map.of(
                        "studyInstanceUID", abdomen.truth().info().studyInstanceUid(),
                        "seriesInstanceUID", abdomen.truth().series().get(0).seriesInstanceUid(),
                        "sopInstanceUID", "1.2.3.4.5"));
        assertThat(Api.post("annotator", "/api/v1/tools/back-projection", unknown)
                        .status())
                .isEqualTo(404);

        Map<String, Object> window = new HashMap<>(ok);
        window.put("window", Map.of("low", 150, "high", -29));
        Api.Answer w = Api.post("annotator", "/api/v1/tools/back-projection", window);
        assertThat(w.status()).isEqualTo(400);
        assertThat(w.at("/error")).contains("window");

        Api.Answer scribble = Api.post(
                "annotator",
                "/api/v1/tools/grabcut",
                Map.of(
                        "frame", frame(chest.truth(), chest.slice(), 1),
                        "rect", rect(chest.box()),
                        "window", Map.of("low", -1350, "high", 150),
                        "foreground", MaskRle.encodeBase64(new byte[100])));
        assertThat(scribble.status()).isEqualTo(400);
        assertThat(scribble.at("/error")).contains("foreground", "pixels");

        assertThat(Api.post("annotator", "/api/v1/tools/threshold", Map.of("frame", frame(abdomen.truth(), 0, 1)))
                        .status())
                .isEqualTo(400);
        assertThat(Api.post("annotator", "/api/v1/tools/grabcut", "{}").status())
                .isEqualTo(400);
        for (String role : List.of("radiologist", "researcher", "pacs")) {
            assertThat(Api.post(role, "/api/v1/tools/back-projection", ok).status())
                    .as(role)
                    .isEqualTo(403);
        }
        JsonNode okAnswer =
                Api.post("annotator", "/api/v1/tools/back-projection", ok).json();
        assertThat(okAnswer.get("frameMillis").asDouble()).isPositive();
    }
}
