package io.radflow.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.VertebralLevels;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
}
