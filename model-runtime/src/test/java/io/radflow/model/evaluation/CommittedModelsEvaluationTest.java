package io.radflow.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.model.postprocess.BoundingBox;
import io.radflow.model.postprocess.ClassScore;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.VertebralLevels;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.teststudies.dx.DxFinding;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed demo models, evaluated from Java (ONNX Runtime CPU, the manifest's own
 * preprocessing and post-processing, as the inference service runs them) on freshly generated
 * synthetic studies whose seeds (9100+) the training never saw, against the minimums. The
 * numbers are printed for the model cards.
 */
class CommittedModelsEvaluationTest {
    static final Path MODELS = Path.of("../models").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static final Map<String, Set<Tissue>> BODY = new LinkedHashMap<>();

    static {
        BODY.put("Skeletal muscle", EnumSet.of(Tissue.ABDOMINAL_WALL_MUSCLE, Tissue.PSOAS, Tissue.PARASPINAL_MUSCLE));
        BODY.put("Subcutaneous fat", EnumSet.of(Tissue.SUBCUTANEOUS_FAT));
        BODY.put("Visceral fat", EnumSet.of(Tissue.VISCERAL_FAT));
    }

    @Test
    void bodyCompositionDiceAndL3MeetTheMinimums() throws Exception {
        try (ModelRepository repo = ModelRepository.load(MODELS, RuntimeOptions.defaults())) {
            LoadedModel model = repo.model("abdominal-ct-body-composition")
                    .orElseThrow(
                            () -> new AssertionError("abdominal-ct-body-composition not loaded: " + repo.failures()));
            Map<String, Double> dice =
                    SyntheticStudyEvaluation.abdominalCtDice(model, BODY, 9100, 6, 16, tmp.resolve("dice"));
            System.out.println("abdominal-ct-body-composition Dice on seeds 9100-9105: " + dice);
            assertThat(dice).allSatisfy((k, v) -> assertThat(v).as(k).isGreaterThanOrEqualTo(0.95));

            int studies = 20;
            int within = 0;
            List<String> misses = new ArrayList<>();
            for (int s = 0; s < studies; s++) {
                long seed = 9200 + s;
                GroundTruth truth = TestStudies.abdominalCt(seed, 24).writeTo(tmp.resolve("l3-" + seed));
                GroundTruth.SeriesTruth series = truth.series().getFirst();
                List<SourceFrame> frames = new ArrayList<>();
                double[] z = new double[series.files().size()];
                for (int i = 0; i < z.length; i++) {
                    frames.add(SourceFrame.read(truth.file(i), 0));
                    try (DicomInputStream in = new DicomInputStream(truth.file(i))) {
                        Attributes a = in.readDatasetUntilPixelData();
                        z[i] = a.getDoubles(Tag.ImagePositionPatient)[2];
                    }
                }
                List<Prediction> predictions = model.predict(frames);
                int found = VertebralLevels.l3Slice(model.manifest().l3(), predictions, z);
                int expected = truth.primaryCt().l3SliceIndex();
                if (found >= 0 && Math.abs(z[found] - z[expected]) <= 1.01 * Math.abs(z[1] - z[0])) {
                    within++;
                } else {
                    misses.add("seed " + seed + ": slice " + found + ", truth " + expected);
                }
            }
            System.out.printf(
                    "abdominal-ct-body-composition L3 within one slice: %d of %d %s%n", within, studies, misses);
            assertThat(within).as("L3 within one slice, misses " + misses).isGreaterThanOrEqualTo((int)
                    Math.ceil(0.95 * studies));
        }
    }

    /**
     * Chest X-ray findings on 60 unseen radiographs (PA and AP, none, one or two findings each as the
     * generator's random mode draws them): ROC AUC of each finding's probability ≥ 0.95, and a
     * predicted box of the same finding with IoU ≥ 0.5 for ≥ 90 % of the true findings.
     */
    @Test
    void chestXrayAucAndBoxesMeetTheMinimums() throws Exception {
        Assumptions.assumeTrue(
                Files.isDirectory(MODELS.resolve("chest-xray-findings")), "chest-xray-findings is not committed yet");
        try (ModelRepository repo = ModelRepository.load(MODELS, RuntimeOptions.defaults())) {
            LoadedModel model =
                    repo.model("chest-xray-findings").orElseThrow(() -> new AssertionError(repo.failures()));
            int n = 60;
            Map<Finding, double[]> scores = new LinkedHashMap<>();
            Map<Finding, boolean[]> truth = new LinkedHashMap<>();
            for (Finding f : Finding.values()) {
                scores.put(f, new double[n]);
                truth.put(f, new boolean[n]);
            }
            int findings = 0;
            int hits = 0;
            for (int s = 0; s < n; s++) {
                long seed = 9300 + s;
                ViewPosition view = s % 3 == 0 ? ViewPosition.AP : ViewPosition.PA;
                GroundTruth t = TestStudies.chestRadiograph(seed, view, Finding.random(seed))
                        .writeTo(tmp.resolve("dx-" + seed));
                Prediction p = model.predict(SourceFrame.read(t.file(0), 0));
                for (Finding f : Finding.values()) {
                    ClassScore c = p.classScore(label(f));
                    scores.get(f)[s] = c == null ? 0 : c.probability();
                }
                for (DxFinding d : t.dx().findings()) {
                    truth.get(d.finding())[s] = true;
                    findings++;
                    BoundingBox box = new BoundingBox(
                            null, 1, d.columnMin(), d.rowMin(), d.columnMax() + 1, d.rowMax() + 1, d.pixels());
                    if (p.boxes().stream()
                            .anyMatch(b -> b.label().label().equals(label(d.finding())) && b.iou(box) >= 0.5)) {
                        hits++;
                    }
                }
            }
            Map<String, Double> auc = new LinkedHashMap<>();
            for (Finding f : Finding.values()) {
                auc.put(label(f), Metrics.auc(scores.get(f), truth.get(f)));
            }
            double boxRate = (double) hits / findings;
            System.out.printf(
                    "chest-xray-findings on seeds 9300-9359: AUC %s, boxes IoU>=0.5 %d of %d%n", auc, hits, findings);
            assertThat(auc).allSatisfy((k, v) -> assertThat(v).as("AUC " + k).isGreaterThanOrEqualTo(0.95));
            assertThat(boxRate).as("true findings with a box of IoU >= 0.5").isGreaterThanOrEqualTo(0.90);
        }
    }

    private static String label(Finding f) {
        String n = f.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
