package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed chest CT lesion model through the inference service's own pipeline (lung masking
 * and the quadrant rule) on 40 unseen synthetic patients, 20 with ground-glass lesions and 20
 * without: lesion Dice ≥ 0.85 (pooled, lesions inside the lungs), per-patient sensitivity 100 % and
 * specificity ≥ 95 % against the same rule applied to the ground truth.
 */
public class ChestCtModelEvaluationTest {
    static final Path MODELS = Path.of("../models").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void lesionDiceAndPerPatientCallsMeetTheMinimums() throws Exception {
        Assumptions.assumeTrue(
                Files.isDirectory(MODELS.resolve("chest-ct-lesions")), "chest-ct-lesions is not committed yet");
        try (ModelRepository repo = ModelRepository.load(MODELS, RuntimeOptions.defaults())) {
            LoadedModel model = repo.model("chest-ct-lesions").orElseThrow(() -> new AssertionError(repo.failures()));
            long both = 0;
            long truthPixels = 0;
            long found = 0;
            int tp = 0;
            int fn = 0;
            int tn = 0;
            int fp = 0;
            List<String> errors = new ArrayList<>();
            for (int s = 0; s < 40; s++) {
                long seed = 9400 + s;
                GroundTruth truth =
                        TestStudies.chestCt(seed, 16, s % 2 == 0 ? 2 : 0).writeTo(tmp.resolve("ct-" + seed));
                PipelineInput in = PipelinesTest.input(truth, model, "eval/" + seed);
                PipelineOutput out = new LesionPipeline().run(in, new Timings());
                boolean predicted = (Boolean) out.summary().get("positive");
                boolean expected = truthPositive(truth, in.images());
                if (expected) {
                    tp += predicted ? 1 : 0;
                    fn += predicted ? 0 : 1;
                } else {
                    tn += predicted ? 0 : 1;
                    fp += predicted ? 1 : 0;
                }
                if (predicted != expected) {
                    errors.add("seed " + seed + ": predicted " + predicted + ", truth " + expected);
                }
                Attributes seg = out.objects().stream()
                        .filter(a -> UID.SegmentationStorage.equals(a.getString(Tag.SOPClassUID)))
                        .findFirst()
                        .orElse(null);
                var masks = seg == null ? null : SegmentationReader.read(seg).masksFor(SourceFrame.of(in.images()));
                List<String> uids = truth.series().get(0).sopInstanceUids();
                for (int i = 0; i < in.images().size(); i++) {
                    byte[] labels = truth.study()
                            .ctStudy()
                            .primary()
                            .labels(uids.indexOf(in.images().get(i).getString(Tag.SOPInstanceUID)));
                    byte[] m = masks == null ? null : masks.get(1).get(i);
                    for (int p = 0; p < labels.length; p++) {
                        boolean t = labels[p] == Tissue.GROUND_GLASS.label;
                        boolean f = m != null && m[p] == 1;
                        truthPixels += t ? 1 : 0;
                        found += f ? 1 : 0;
                        both += t && f ? 1 : 0;
                    }
                }
            }
            double dice = 2.0 * both / (truthPixels + found);
            System.out.printf(
                    "chest-ct-lesions on seeds 9400-9439: lesion Dice %.4f, TP %d FN %d TN %d FP %d %s%n",
                    dice, tp, fn, tn, fp, errors);
            assertThat(dice).as("lesion Dice").isGreaterThanOrEqualTo(0.85);
            assertThat(fn).as("missed positive patients " + errors).isZero();
            assertThat((double) tn / (tn + fp)).as("specificity " + errors).isGreaterThanOrEqualTo(0.95);
            assertThat(tp + fn).as("positive patients in the sample").isGreaterThanOrEqualTo(10);
        }
    }

    /** The rule on the ground truth: its lesion and lung labels instead of the model and the HU mask. */
    public static boolean truthPositive(GroundTruth truth, List<Attributes> images) throws PipelineException {
        List<String> uids = truth.series().get(0).sopInstanceUids();
        List<LesionRule.SliceInput> slices = new ArrayList<>();
        for (Attributes image : images) {
            byte[] labels = truth.study().ctStudy().primary().labels(uids.indexOf(image.getString(Tag.SOPInstanceUID)));
            boolean[] lungs = new boolean[labels.length];
            boolean[] lesions = new boolean[labels.length];
            for (int p = 0; p < labels.length; p++) {
                lesions[p] = labels[p] == Tissue.GROUND_GLASS.label;
                lungs[p] = lesions[p] || labels[p] == Tissue.LUNG.label;
            }
            slices.add(new LesionRule.SliceInput(Masks.geometry(image), lungs, lesions));
        }
        return new LesionRule(1).apply(slices).positive();
    }
}
