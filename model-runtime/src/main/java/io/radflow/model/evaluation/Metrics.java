package io.radflow.model.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/** Evaluation metrics. */
public final class Metrics {
    private Metrics() {}

    /** Dice of two binary masks (non-zero = inside): {@code 2|A∩B| / (|A| + |B|)}, 1 when both are empty. */
    public static double dice(byte[] a, byte[] b) {
        DiceAccumulator d = new DiceAccumulator();
        d.add(a, b);
        return d.dice();
    }

    /**
     * Area under the ROC curve of {@code scores} for the {@code positive} cases: the probability that
     * a random positive scores above a random negative, ties counting one half (Mann–Whitney U).
     * NaN without positives or without negatives.
     */
    public static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tie group, ranks from 1
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Dice summed over many masks: {@code 2 Σ|A∩B| / (Σ|A| + Σ|B|)}. Not thread-safe. */
    public static final class DiceAccumulator {
        private long intersection;
        private long predicted;
        private long truth;

        /** Adds one pair of masks of equal size. */
        public void add(byte[] predictedMask, byte[] truthMask) {
            if (predictedMask.length != truthMask.length) {
                throw new IllegalArgumentException(predictedMask.length + " vs " + truthMask.length + " pixels");
            }
            for (int i = 0; i < predictedMask.length; i++) {
                boolean p = predictedMask[i] != 0;
                boolean t = truthMask[i] != 0;
                if (p) {
                    predicted++;
                }
                if (t) {
                    truth++;
                }
                if (p && t) {
                    intersection++;
                }
            }
        }

        public double dice() {
            return predicted + truth == 0 ? 1 : 2.0 * intersection / (predicted + truth);
        }
    }
}
