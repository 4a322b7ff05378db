package io.radflow.model.postprocess;

import io.radflow.model.manifest.ModelManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The L3 slice from a body-composition model's per-slice vertebral levels (the manifest's {@code
 * l3} section, method {@code vertebralBodyRuns}, models/README.md).
 */
public final class VertebralLevels {
    private VertebralLevels() {}

    /**
     * The L3 slice by the manifest's {@code vertebralBodyRuns} method: slices superior first; a
     * slice shows a vertebral body when 1 − p(disc) ≥ the threshold; consecutive body slices form a
     * run per vertebra; each run's mean log-probability per level; the run whose assignment as L3
     * (neighbouring runs taking the neighbouring levels) scores highest is L3, and its middle slice
     * the suggestion. -1 when no slice shows a body.
     *
     * @param superiorCoordinate each slice's position towards the head (patient z, LPS)
     */
    public static int l3Slice(ModelManifest.L3Finder f, List<Prediction> predictions, double[] superiorCoordinate) {
        int n = predictions.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(superiorCoordinate[b], superiorCoordinate[a])); // superior first
        List<int[]> runs = new ArrayList<>(); // {first, last} in superior-first order
        int start = -1;
        for (int k = 0; k <= n; k++) {
            boolean body = k < n && 1 - discProbability(predictions.get(order[k]), f.discIndex()) >= f.bodyThreshold();
            if (body && start < 0) {
                start = k;
            } else if (!body && start >= 0) {
                runs.add(new int[] {start, k - 1});
                start = -1;
            }
        }
        if (runs.isEmpty()) {
            return -1;
        }
        List<Integer> levels = f.levelOrder();
        int l3 = levels.indexOf(f.l3Index());
        double[][] s = new double[runs.size()][];
        for (int j = 0; j < runs.size(); j++) {
            s[j] = new double[levels.size()];
            int[] r = runs.get(j);
            for (int li = 0; li < levels.size(); li++) {
                double sum = 0;
                for (int k = r[0]; k <= r[1]; k++) {
                    sum += Math.log(Math.max(1e-6, probability(predictions.get(order[k]), levels.get(li))));
                }
                s[j][li] = sum / (r[1] - r[0] + 1);
            }
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < runs.size(); k++) {
            double score = 0;
            for (int j = 0; j < runs.size(); j++) {
                score += s[j][Math.max(0, Math.min(levels.size() - 1, l3 + j - k))];
            }
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        int[] r = runs.get(best);
        return order[(r[0] + r[1]) / 2];
    }

    private static double discProbability(Prediction p, int disc) {
        return probability(p, disc);
    }

    private static double probability(Prediction p, int index) {
        for (ClassScore c : p.classes()) {
            if (c.label().index() == index) {
                return c.probability();
            }
        }
        return 0;
    }
}
