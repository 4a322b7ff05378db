package io.radflow.model.evaluation;

import io.radflow.model.postprocess.BoundingBox;
import io.radflow.model.postprocess.ClassScore;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.SegmentMask;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.teststudies.dx.DxFinding;
import io.radflow.teststudies.dx.ViewPosition;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Evaluation harness: runs a loaded model on freshly generated synthetic studies (test-studies,
 * seeds other than the training seeds) and measures it against their ground truth. CI evaluates
 * the committed demo models with it and fails below the minimums.
 */
public final class SyntheticStudyEvaluation {
    private SyntheticStudyEvaluation() {}

    /**
     * Abdominal CT segmentation: for each manifest label in {@code labelTissues}, the Dice of its
     * predicted masks against the ground-truth pixels of those tissues, over every slice of {@code
     * studies} studies (seeds {@code firstSeed, firstSeed + 1, ...}, {@code slices} slices each).
     * Keys: {@code dice<Label>}.
     */
    public static Map<String, Double> abdominalCtDice(
            LoadedModel model,
            Map<String, Set<Tissue>> labelTissues,
            long firstSeed,
            int studies,
            int slices,
            Path workDir)
            throws Exception {
        Map<String, Metrics.DiceAccumulator> dice = new LinkedHashMap<>();
        labelTissues.keySet().forEach(l -> dice.put(l, new Metrics.DiceAccumulator()));
        for (int s = 0; s < studies; s++) {
            long seed = firstSeed + s;
            GroundTruth truth = TestStudies.abdominalCt(seed, slices).writeTo(workDir.resolve("ct-" + seed));
            GroundTruth.SeriesTruth series = truth.series().getFirst();
            List<SourceFrame> frames = new ArrayList<>();
            for (int i = 0; i < series.files().size(); i++) {
                frames.add(SourceFrame.read(truth.file(i), 0));
            }
            List<Prediction> predictions = model.predict(frames);
            for (int i = 0; i < frames.size(); i++) {
                byte[] labels =
                        readLabels(truth.dir().resolve(series.labelMaps().get(i)));
                for (Map.Entry<String, Set<Tissue>> e : labelTissues.entrySet()) {
                    SegmentMask mask = predictions.get(i).mask(e.getKey());
                    if (mask == null) {
                        throw new IllegalArgumentException(model.id() + " has no mask labelled " + e.getKey());
                    }
                    dice.get(e.getKey()).add(mask.pixels(), truthMask(labels, e.getValue()));
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        dice.forEach((label, d) -> out.put("dice" + label, d.dice()));
        return out;
    }

    /**
     * Chest radiographs: half of {@code studies} normal, half with 1–3 opacities, PA and AP
     * alternating. {@code auc}: ROC AUC of the class {@code classLabel}'s probability (or, without
     * a classes output, of the best box score) for "has an opacity"; {@code boxHitRate}: share of
     * true opacities that a predicted box overlaps with IoU ≥ 0.5.
     */
    public static Map<String, Double> chestRadiographs(
            LoadedModel model, String classLabel, long firstSeed, int studies, Path workDir) throws Exception {
        double[] scores = new double[studies];
        boolean[] positive = new boolean[studies];
        int opacities = 0;
        int hits = 0;
        for (int s = 0; s < studies; s++) {
            long seed = firstSeed + s;
            int count = s % 2 == 0 ? 0 : 1 + (s / 2) % 3;
            GroundTruth truth = TestStudies.chestRadiograph(seed, s % 4 < 2 ? ViewPosition.PA : ViewPosition.AP, count)
                    .writeTo(workDir.resolve("dx-" + seed));
            Prediction p = model.predict(SourceFrame.read(truth.file(0), 0));
            ClassScore c = p.classScore(classLabel);
            scores[s] = c != null
                    ? c.probability()
                    : p.boxes().stream().mapToDouble(BoundingBox::score).max().orElse(0);
            positive[s] = !truth.dx().findings().isEmpty();
            for (DxFinding o : truth.dx().findings()) {
                opacities++;
                BoundingBox box = new BoundingBox(
                        null, 1, o.columnMin(), o.rowMin(), o.columnMax() + 1, o.rowMax() + 1, o.pixels());
                if (p.boxes().stream().anyMatch(b -> b.iou(box) >= 0.5)) {
                    hits++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("auc", Metrics.auc(scores, positive));
        out.put("boxHitRate", opacities == 0 ? Double.NaN : (double) hits / opacities);
        return out;
    }

    private static byte[] truthMask(byte[] labels, Set<Tissue> tissues) {
        boolean[] in = new boolean[256];
        tissues.forEach(t -> in[t.label] = true);
        byte[] out = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = (byte) (in[labels[i] & 0xFF] ? 1 : 0);
        }
        return out;
    }

    private static byte[] readLabels(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        int[] px = img.getRaster().getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (byte) px[i];
        }
        return out;
    }
}
