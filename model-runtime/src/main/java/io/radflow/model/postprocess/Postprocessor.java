package io.radflow.model.postprocess;

import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.manifest.OutputSpec;
import io.radflow.model.manifest.Postprocessing;
import io.radflow.model.preprocess.Geometry;
import io.radflow.model.runtime.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest's post-processing for one frame; stateless and thread-safe.
 *
 * <ul>
 *   <li>{@code classes} {@code [C]}: activation, then {@code positive = p >= threshold} per label;
 *   <li>{@code labelmap} {@code [C, h, w]}: with {@code argmax} each pixel takes the channel of the
 *       highest score and label {@code k > 0} gets the pixels of channel {@code k}; otherwise each
 *       label's channel is thresholded ({@code p >= threshold}). Components smaller than {@code
 *       minComponentPixels} (8-connected, output pixels) are dropped, then the mask is mapped to
 *       the source frame by pixel centres: source column {@code x} reads output column {@code
 *       floor(toInputX(x + 0.5) * w / W)} (clamped), {@code W} the input width; rows alike;
 *   <li>{@code heatmap} {@code [C, h, w]} with {@code heatmapToBoxes}: per labelled channel,
 *       8-connected components of {@code p >= threshold} with at least {@code minAreaPixels}
 *       pixels become boxes: output pixel column {@code i} spans input {@code [i, i+1) * W / w},
 *       mapped back through the {@link Geometry} and clipped to the frame.
 * </ul>
 */
public final class Postprocessor {
    private final ModelManifest manifest;

    private Postprocessor(ModelManifest manifest) {
        this.manifest = manifest;
    }

    public static Postprocessor of(ModelManifest manifest) {
        return new Postprocessor(manifest);
    }

    /** {@code outputs}: each manifest output for this frame, batch axis removed. */
    public Prediction apply(Map<String, Tensor> outputs, Geometry geometry) {
        return apply(outputs, geometry, true);
    }

    /**
     * As {@link #apply(Map, Geometry)}; without {@code keepMaps} the prediction holds no per-pixel
     * output (as {@link Prediction#withoutMaps()}), and a label map read by argmax at its own
     * resolution is not activated at all: softmax and sigmoid keep each pixel's largest channel.
     */
    public Prediction apply(Map<String, Tensor> outputs, Geometry geometry, boolean keepMaps) {
        Postprocessing post = manifest.postprocessing();
        List<ClassScore> classes = new ArrayList<>();
        List<SegmentMask> masks = new ArrayList<>();
        List<BoundingBox> boxes = new ArrayList<>();
        Map<String, Tensor> activated = new LinkedHashMap<>();
        for (OutputSpec spec : manifest.outputs()) {
            boolean map = spec.kind() != OutputSpec.Kind.CLASSES;
            boolean argmaxOnly = spec.kind() == OutputSpec.Kind.LABELMAP && post.argmax() && !post.bilinear();
            Tensor t = !keepMaps && argmaxOnly
                    ? outputs.get(spec.name())
                    : Activations.apply(outputs.get(spec.name()), spec.activation());
            if (keepMaps || !map) {
                activated.put(spec.name(), t);
            }
            switch (spec.kind()) {
                case CLASSES -> {
                    for (LabelSpec l : spec.labels()) {
                        double p = t.data()[l.index()];
                        classes.add(new ClassScore(l, p, p >= l.threshold()));
                    }
                }
                case LABELMAP -> masks.addAll(masks(spec, t, post, geometry));
                case HEATMAP -> {
                    if (post.heatmapToBoxes() != null) {
                        boxes.addAll(boxes(spec, t, post.heatmapToBoxes(), geometry));
                    }
                }
            }
        }
        boxes.sort(Comparator.comparingDouble(BoundingBox::score).reversed());
        return new Prediction(manifest.id(), geometry, classes, masks, boxes, activated);
    }

    private static List<SegmentMask> masks(OutputSpec spec, Tensor t, Postprocessing post, Geometry g) {
        if (post.bilinear()) {
            return bilinearMasks(spec, t, post, g);
        }
        int channels = t.dim(0);
        int h = t.dim(1);
        int w = t.dim(2);
        int n = w * h;
        float[] v = t.data();
        int[] argmax = null;
        if (post.argmax()) {
            argmax = new int[n];
            for (int p = 0; p < n; p++) {
                int best = 0;
                for (int c = 1; c < channels; c++) {
                    if (v[c * n + p] > v[best * n + p]) {
                        best = c;
                    }
                }
                argmax[p] = best;
            }
        }
        List<SegmentMask> out = new ArrayList<>();
        for (LabelSpec l : spec.labels()) {
            if (post.argmax() && l.index() == 0) {
                continue; // background
            }
            boolean[] mask = new boolean[n];
            for (int p = 0; p < n; p++) {
                mask[p] = argmax != null ? argmax[p] == l.index() : v[l.index() * n + p] >= l.threshold();
            }
            ConnectedComponents.removeSmall(mask, w, h, post.minComponentPixels());
            out.add(new SegmentMask(l, g.sourceWidth(), g.sourceHeight(), toSource(mask, w, h, g)));
        }
        return out;
    }

    /**
     * Label maps at the source resolution: each source pixel centre is mapped into the output (the
     * inverse of the preprocessing's resize and padding, then half-pixel centres as torch's
     * {@code interpolate(mode="bilinear", align_corners=False)}), the activated channels are
     * interpolated there, then argmax or each label's threshold. Small components are dropped at the
     * source resolution ({@code minComponentPixels} scaled by the area ratio).
     */
    static List<SegmentMask> bilinearMasks(OutputSpec spec, Tensor t, Postprocessing post, Geometry g) {
        int channels = t.dim(0);
        int h = t.dim(1);
        int w = t.dim(2);
        int n = w * h;
        int sw = g.sourceWidth();
        int sh = g.sourceHeight();
        float[] v = t.data();
        int[] x0 = new int[sw];
        int[] x1 = new int[sw];
        float[] fx = new float[sw];
        for (int x = 0; x < sw; x++) {
            double u = Math.max(0, g.toInputX(x + 0.5) * w / g.inputWidth() - 0.5);
            x0[x] = Math.min((int) Math.floor(u), w - 1);
            x1[x] = Math.min(x0[x] + 1, w - 1);
            fx[x] = (float) (u - Math.floor(u));
        }
        int[] y0 = new int[sh];
        int[] y1 = new int[sh];
        float[] fy = new float[sh];
        for (int y = 0; y < sh; y++) {
            double u = Math.max(0, g.toInputY(y + 0.5) * h / g.inputHeight() - 0.5);
            y0[y] = Math.min((int) Math.floor(u), h - 1);
            y1[y] = Math.min(y0[y] + 1, h - 1);
            fy[y] = (float) (u - Math.floor(u));
        }
        int sn = sw * sh;
        int[] best = post.argmax() ? new int[sn] : null;
        float[] bestValue = post.argmax() ? new float[sn] : null;
        java.util.Map<Integer, float[]> byLabel = new java.util.HashMap<>();
        for (int c = 0; c < channels; c++) {
            boolean labelled = false;
            for (LabelSpec l : spec.labels()) {
                labelled |= l.index() == c;
            }
            if (!post.argmax() && !labelled) {
                continue;
            }
            float[] plane = new float[sn];
            int base = c * n;
            for (int y = 0; y < sh; y++) {
                int r0 = base + y0[y] * w;
                int r1 = base + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < sw; x++) {
                    float a = v[r0 + x0[x]] + (v[r0 + x1[x]] - v[r0 + x0[x]]) * fx[x];
                    float b = v[r1 + x0[x]] + (v[r1 + x1[x]] - v[r1 + x0[x]]) * fx[x];
                    plane[y * sw + x] = a + (b - a) * wy;
                }
            }
            if (post.argmax()) {
                for (int p = 0; p < sn; p++) {
                    if (c == 0 || plane[p] > bestValue[p]) {
                        bestValue[p] = plane[p];
                        best[p] = c;
                    }
                }
            } else {
                byLabel.put(c, plane);
            }
        }
        int minPixels = (int) Math.round(post.minComponentPixels() * (double) sn / n);
        List<SegmentMask> out = new ArrayList<>();
        for (LabelSpec l : spec.labels()) {
            if (post.argmax() && l.index() == 0) {
                continue;
            }
            boolean[] mask = new boolean[sn];
            float[] plane = byLabel.get(l.index());
            for (int p = 0; p < sn; p++) {
                mask[p] = best != null ? best[p] == l.index() : plane[p] >= l.threshold();
            }
            ConnectedComponents.removeSmall(mask, sw, sh, minPixels);
            byte[] bytes = new byte[sn];
            for (int p = 0; p < sn; p++) {
                bytes[p] = (byte) (mask[p] ? 1 : 0);
            }
            out.add(new SegmentMask(l, sw, sh, bytes));
        }
        return out;
    }

    /** Maps an output-resolution mask onto the source frame by pixel centres (nearest). */
    static byte[] toSource(boolean[] mask, int w, int h, Geometry g) {
        int sw = g.sourceWidth();
        int sh = g.sourceHeight();
        int[] xs = new int[sw];
        for (int x = 0; x < sw; x++) {
            xs[x] = clamp((int) Math.floor(g.toInputX(x + 0.5) * w / g.inputWidth()), w);
        }
        int[] ys = new int[sh];
        for (int y = 0; y < sh; y++) {
            ys[y] = clamp((int) Math.floor(g.toInputY(y + 0.5) * h / g.inputHeight()), h);
        }
        byte[] out = new byte[sw * sh];
        for (int y = 0; y < sh; y++) {
            int row = ys[y] * w;
            for (int x = 0; x < sw; x++) {
                out[y * sw + x] = (byte) (mask[row + xs[x]] ? 1 : 0);
            }
        }
        return out;
    }

    private static List<BoundingBox> boxes(OutputSpec spec, Tensor t, Postprocessing.HeatmapToBoxes rule, Geometry g) {
        int h = t.dim(1);
        int w = t.dim(2);
        int n = w * h;
        double fx = (double) g.inputWidth() / w;
        double fy = (double) g.inputHeight() / h;
        float[] v = t.data();
        List<BoundingBox> out = new ArrayList<>();
        for (LabelSpec l : spec.labels()) {
            int base = l.index() * n;
            boolean[] mask = new boolean[n];
            for (int p = 0; p < n; p++) {
                mask[p] = v[base + p] >= rule.threshold();
            }
            for (ConnectedComponents.Component c : ConnectedComponents.of(mask, w, h)) {
                if (c.area() < rule.minAreaPixels()) {
                    continue;
                }
                double score = Double.NEGATIVE_INFINITY;
                for (int p : c.pixels()) {
                    score = Math.max(score, v[base + p]);
                }
                out.add(new BoundingBox(
                        l,
                        score,
                        clip(g.toSourceX(c.minX() * fx), g.sourceWidth()),
                        clip(g.toSourceY(c.minY() * fy), g.sourceHeight()),
                        clip(g.toSourceX((c.maxX() + 1) * fx), g.sourceWidth()),
                        clip(g.toSourceY((c.maxY() + 1) * fy), g.sourceHeight()),
                        c.area()));
            }
        }
        return out;
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : Math.min(i, size - 1);
    }

    private static double clip(double v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
