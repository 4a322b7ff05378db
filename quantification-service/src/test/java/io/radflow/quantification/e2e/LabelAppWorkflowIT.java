package io.radflow.quantification.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.RadflowStackResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The labeling web app end to end in a real browser (Debian's chromium through playwright-core): an
 * annotator logs in through Keycloak, uploads a synthetic abdominal CT folder (and a file that is
 * not DICOM), finds it by patient ID, opens it, picks L3 on the sagittal reconstruction, windows
 * with a preset from the context menu, loads the AI pre-labels (the packaged inference-service ran
 * the body-composition demo model on the upload), runs back projection on the muscle and GrabCut on a
 * region, paints and erases with the brush, saves two versions, meets a colleague's newer version
 * (409 shown, saved on top) and an ended session (a new login keeps the unsaved labels), publishes the SEG, enters the height
 * and weight the study lacks and computes the body composition with this service, and downloads
 * the XLSX. The values shown are checked against the study's ground truth. A radiologist then sees
 * the labels without any write action, and the server refuses a radiologist's save. Screenshots of
 * each step: {@code target/label-app-e2e/}.
 */
@QuarkusTest
@TestProfile(PacsToBodyCompositionIT.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabelAppWorkflowIT {
    private static final Path OUT = Path.of("target", "label-app-e2e").toAbsolutePath();
    private static final Path E2E = Path.of(System.getProperty("radflow.root", ".."))
            .resolve("labeling-service/src/main/label-app/e2e")
            .toAbsolutePath()
            .normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double HEIGHT_M = 1.72;
    private static final double WEIGHT_KG = 81.5;

    private static GroundTruth truth;

    @Test
    @Order(1)
    void anAnnotatorLabelsAndMeasuresAStudyInTheBrowser() throws Exception {
        if (Files.exists(OUT)) { // a fresh folder each run (the stack's archive is fresh too)
            try (var old = Files.walk(OUT)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        truth = TestStudies.abdominalCt(7421, 12).withSizeAndWeight(false).writeTo(OUT.resolve("study"));
        // the folder an annotator picks: the study's DICOM files and one file that is not DICOM
        Path folder = OUT.resolve("upload");
        Files.createDirectories(folder);
        int files = 0;
        try (var s = Files.walk(truth.dir())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                Files.copy(f, folder.resolve(String.format("%03d-%s", files++, f.getFileName())));
            }
        }
        Files.writeString(folder.resolve("notes.txt"), "not a DICOM file\n");
        CtGroundTruth ct = truth.primaryCt();
        int l3 = ct.l3SliceIndex();
        int edit = l3 >= 4 ? l3 - 3 : l3 + 3;
        byte[] labels = truth.study().ctStudy().primary().labels(edit);
        int columns = ct.geometry().columns();
        Map<String, String> env = new HashMap<>();
        env.put("STUDY_DIR", folder.toString());
        env.put("PATIENT_ID", truth.patient().id());
        env.put("SERIES", ct.seriesInstanceUid());
        env.put("L3_INDEX", String.valueOf(l3));
        env.put("EDIT_INDEX", String.valueOf(edit));
        env.put("SAMPLE", join(square(labels, columns, Tissue.PARASPINAL_MUSCLE, 5)));
        int[] psoas = box(labels, columns, Tissue.PSOAS, 6);
        env.put("GRABCUT", join(psoas));
        // a brush stroke through the visceral fat of the edited slice
        int[] vat = box(labels, columns, Tissue.VISCERAL_FAT, 0);
        int cy = vat[1] + vat[3] / 2;
        env.put("BRUSH", join(new int[] {vat[0] + vat[2] / 4, cy, vat[0] + vat[2] / 2, cy}));
        env.put("HEIGHT_M", String.valueOf(HEIGHT_M));
        env.put("WEIGHT_KG", String.valueOf(WEIGHT_KG));
        JsonNode r = node("annotator-workflow.mjs", OUT.resolve("annotator"), env);

        // upload: every DICOM file stored, the text file rejected with a reason
        assertThat(r.at("/upload/stored").asInt()).isEqualTo(files);
        assertThat(r.at("/upload/rejected")).hasSize(1);
        assertThat(r.at("/upload/rejected/0/file").asText()).endsWith("notes.txt");
        assertThat(r.at("/upload/rejected/0/why").asText()).isNotBlank();
        String study = truth.info().studyInstanceUid();
        assertThat(r.path("studyUid").asText()).isEqualTo(study);
        assertThat(r.path("segments").asInt()).as("AI pre-label segments").isGreaterThanOrEqualTo(3);
        assertThat(r.path("l3Picked").asInt()).isEqualTo(l3);
        assertThat(r.path("windowAfterPreset").asText()).contains("W 400 L 40");
        assertThat(r.at("/backProjection/ms").asInt()).isPositive();
        assertThat(r.path("polygon").asText())
                .as("the polygon changed the labels")
                .contains("unsaved changes");
        assertThat(r.path("versions").asInt()).isEqualTo(6);
        assertThat(r.at("/patientPage/aiResults").asInt()).isPositive();
        assertThat(r.at("/patientPage/demoBadges").asInt()).isPositive();
        // a colleague saved first: the page said so, nothing was lost, the annotator's slices went on top
        assertThat(r.path("colleague").asInt()).isEqualTo(201);
        assertThat(r.path("conflict").asText()).contains("Someone else saved version 4");
        // the session ended with unsaved work: a new login brought the labels back, saved as version 6
        assertThat(r.at("/reauthenticated/refused").asBoolean()).isTrue();
        assertThat(r.at("/reauthenticated/renewRefused").asBoolean()).isTrue();
        assertThat(r.at("/reauthenticated/status").asText()).contains("unsaved changes");
        assertThat(r.path("shortcuts").asInt()).isGreaterThan(15);

        // the versions as the server has them: v1 the model's, v2 and v3 the annotator's, with their tools
        String annotator = KeycloakResource.passwordToken("annotator", "annotator");
        long set = r.path("labelSetId").asLong();
        List<Map<String, Object>> versions = given().auth()
                .oauth2(annotator)
                .get(RadflowStackResource.labelingOrigin() + "/api/v1/label-sets/{id}/versions", set)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(versions)
                .extracting(v -> v.get("source"))
                .containsExactly("model", "grabcut", "threshold", "revert", "manual", "manual");
        assertThat(versions)
                .extracting(v -> v.get("author"))
                .containsExactly("inference-service", "annotator", "annotator", "annotator", "annotator", "annotator");
        assertThat(versions.get(5).get("publishedSopInstanceUID")).isNotNull();

        // quantification at the picked L3 on the annotator's labels: the AI's labels there are within 3 % of the truth
        CtGroundTruth.SliceTruth atL3 = ct.slices().get(l3);
        double muscle = r.at("/quantification/areas/SKELETAL_MUSCLE").asDouble();
        assertThat(muscle).isCloseTo(atL3.skeletalMuscleAreaCm2(), within(0.03 * atL3.skeletalMuscleAreaCm2()));
        double bmi = Double.parseDouble(r.at("/quantification/bmi").asText().split(" ")[0]);
        assertThat(bmi).isCloseTo(WEIGHT_KG / (HEIGHT_M * HEIGHT_M), within(0.06));
        double smi = Double.parseDouble(r.at("/quantification/smi").asText().split(" ")[0]);
        assertThat(smi).isCloseTo(muscle / (HEIGHT_M * HEIGHT_M), within(0.06));
        assertThat(r.path("heightSource").asText()).contains("not in the image");
        // the measurement the page shows is the one on the published labels at the picked slice
        var shown = given().auth()
                .oauth2(annotator)
                .get(
                        "/api/v1/studies/{s}/body-composition?measurement={m}",
                        study,
                        r.at("/quantification/measurement").asText())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(shown.getString("result.l3.sopInstanceUid")).isEqualTo(atL3.sopInstanceUid());
        assertThat(shown.getString("result.l3.source")).isEqualTo("ANNOTATOR");
        assertThat(shown.getBoolean("result.demo")).isFalse();
        try (ZipFile xlsx = new ZipFile(r.path("xlsx").asText())) {
            assertThat(xlsx.getEntry("xl/workbook.xml")).as("a real XLSX").isNotNull();
        }
        assertThat(r.path("steps")).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    @Order(2)
    void aRadiologistSeesTheLabelsButCannotChangeThem() throws Exception {
        assertThat(truth).as("the annotator's study").isNotNull();
        String study = truth.info().studyInstanceUid();
        Map<String, String> env = new HashMap<>();
        env.put("STUDY", study);
        env.put("SERIES", truth.primaryCt().seriesInstanceUid());
        JsonNode r = node("radiologist-readonly.mjs", OUT.resolve("radiologist"), env);
        assertThat(r.path("canWrite").asText()).isEqualTo("false");
        assertThat(r.path("writeControls").asInt()).isZero();
        assertThat(r.path("windowButton").asInt()).isEqualTo(1);
        assertThat(r.path("versions").asInt()).isPositive();
        assertThat(r.path("savedAnything").asInt()).isZero();
        // and the server refuses what the page does not offer
        String radiologist = KeycloakResource.passwordToken("radiologist", "radiologist");
        long set = given().auth()
                .oauth2(radiologist)
                .get(RadflowStackResource.labelingOrigin() + "/api/v1/label-sets?study={s}", study)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("[0].id");
        given().auth()
                .oauth2(radiologist)
                .contentType("application/json")
                .body("{\"baseVersion\": 1, \"source\": \"manual\", \"slices\": []}")
                .post(RadflowStackResource.labelingOrigin() + "/api/v1/label-sets/{id}/versions", set)
                .then()
                .statusCode(403);
    }

    /** Runs one browser script; its results.json (the script fails the run when a step fails). */
    private static JsonNode node(String script, Path out, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", E2E.resolve(script).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(E2E.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        Files.createDirectories(out);
        pb.environment().putAll(env);
        pb.environment().put("BASE", RadflowStackResource.labelingOrigin());
        pb.environment().put("OUT", out.toString());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish in 15 minutes; see " + out);
        }
        JsonNode r = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(r.path("ok").asBoolean())
                .as(
                        "%s: %s (screenshots, console.log in %s)%s%s",
                        script,
                        r.path("error").asText(),
                        out,
                        tail(out.resolve("console.log"), 40),
                        tail(out.resolve("session-trace.log"), 60))
                .isTrue();
        assertThat(p.exitValue()).isZero();
        return r;
    }

    /** The last lines of a file the script wrote, for the failure message (CI keeps no target folder). */
    private static String tail(Path file, int lines) throws java.io.IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> all = Files.readAllLines(file);
        return "\n--- last lines of " + file.getFileName() + " ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** A square of side 2·half+1 fully inside the tissue: x, y, width, height. */
    private static int[] square(byte[] labels, int columns, Tissue t, int half) {
        int rows = labels.length / columns;
        for (int y = half; y < rows - half; y++) {
            next:
            for (int x = half; x < columns - half; x++) {
                for (int dy = -half; dy <= half; dy++) {
                    for (int dx = -half; dx <= half; dx++) {
                        if (labels[(y + dy) * columns + x + dx] != t.label) {
                            continue next;
                        }
                    }
                }
                return new int[] {x - half, y - half, 2 * half + 1, 2 * half + 1};
            }
        }
        throw new AssertionError("no " + (2 * half + 1) + " px square inside " + t);
    }

    /** The bounding box of a tissue plus a margin: x, y, width, height. */
    private static int[] box(byte[] labels, int columns, Tissue t, int margin) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == t.label) {
                x0 = Math.min(x0, i % columns);
                x1 = Math.max(x1, i % columns);
                y0 = Math.min(y0, i / columns);
                y1 = Math.max(y1, i / columns);
            }
        }
        assertThat(x1).as(t + " on the slice").isGreaterThanOrEqualTo(0);
        int rows = labels.length / columns;
        x0 = Math.max(0, x0 - margin);
        y0 = Math.max(0, y0 - margin);
        x1 = Math.min(columns - 1, x1 + margin);
        y1 = Math.min(rows - 1, y1 + margin);
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int i : v) {
            b.append(b.isEmpty() ? "" : ",").append(i);
        }
        return b.toString();
    }
}
