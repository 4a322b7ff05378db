package io.radflow.model.preprocess;

import io.radflow.model.manifest.Interpolation;

/**
 * Image resizing with exactly documented sample positions (models/README.md):
 *
 * <ul>
 *   <li>bilinear, half-pixel centres, no antialiasing — {@code
 *       torch.nn.functional.interpolate(mode="bilinear", align_corners=False)}: output index
 *       {@code i} samples {@code s = max(0, (i + 0.5) * in / out - 0.5)} between {@code i0 =
 *       floor(s)} and {@code min(i0 + 1, in - 1)} with weight {@code s - i0}; rows first, then
 *       columns (separable);
 *   <li>nearest — output index {@code i} takes source index {@code floor(i * in / out)} (integer
 *       arithmetic), torch's {@code mode="nearest"}.
 * </ul>
 */
public final class Resampling {
    private Resampling() {}

    /** {@code src} ({@code w} x {@code h}, row by row) resized to {@code nw} x {@code nh}. */
    public static double[] resize(double[] src, int w, int h, int nw, int nh, Interpolation mode) {
        if (nw == w && nh == h) {
            return src.clone();
        }
        return mode == Interpolation.NEAREST ? nearest(src, w, h, nw, nh) : bilinear(src, w, h, nw, nh);
    }

    private static double[] nearest(double[] src, int w, int h, int nw, int nh) {
        int[] xs = nearestIndices(w, nw);
        int[] ys = nearestIndices(h, nh);
        double[] out = new double[nw * nh];
        for (int y = 0; y < nh; y++) {
            int row = ys[y] * w;
            for (int x = 0; x < nw; x++) {
                out[y * nw + x] = src[row + xs[x]];
            }
        }
        return out;
    }

    /** Source index of each of {@code out} nearest-neighbour samples over {@code in}. */
    public static int[] nearestIndices(int in, int out) {
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            idx[i] = (int) Math.min((long) i * in / out, in - 1);
        }
        return idx;
    }

    private static double[] bilinear(double[] src, int w, int h, int nw, int nh) {
        int[] x0 = new int[nw];
        int[] x1 = new int[nw];
        double[] lx = new double[nw];
        weights(w, nw, x0, x1, lx);
        int[] y0 = new int[nh];
        int[] y1 = new int[nh];
        double[] ly = new double[nh];
        weights(h, nh, y0, y1, ly);
        double[] rows = new double[nw * h];
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 0; x < nw; x++) {
                rows[y * nw + x] = (1 - lx[x]) * src[r + x0[x]] + lx[x] * src[r + x1[x]];
            }
        }
        double[] out = new double[nw * nh];
        for (int y = 0; y < nh; y++) {
            int a = y0[y] * nw;
            int b = y1[y] * nw;
            for (int x = 0; x < nw; x++) {
                out[y * nw + x] = (1 - ly[y]) * rows[a + x] + ly[y] * rows[b + x];
            }
        }
        return out;
    }

    private static void weights(int in, int out, int[] i0, int[] i1, double[] lambda) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int a = Math.min((int) Math.floor(s), in - 1);
            i0[i] = a;
            i1[i] = Math.min(a + 1, in - 1);
            lambda[i] = s - a;
        }
    }
}
