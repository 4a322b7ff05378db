package io.radflow.model.preprocess;

import io.radflow.dicom.image.Image8;
import io.radflow.dicom.image.OpenCvEnhancer;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.VoiLutFunction;
import io.radflow.dicom.image.Window;
import io.radflow.model.manifest.InputSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.manifest.PreprocessStep;
import java.util.Arrays;
import java.util.List;

/**
 * A manifest's preprocessing chain, applied to a {@link SourceFrame} in order; stateless and
 * thread-safe. Values are computed in double precision and handed to the model as float32. The
 * formulas (models/README.md) in short, {@code x} the current value:
 *
 * <ul>
 *   <li>modalityLut: the data set's Modality LUT (rescale {@code x * slope + intercept});
 *   <li>window: {@code clip((x - (c - w/2)) / w, 0, 1)} (dicom-core's LINEAR_EXACT window);
 *   <li>normalizeRange: {@code (x - min) / (max - min)} over the frame, 0 when flat;
 *   <li>window and normalizeRange then invert MONOCHROME1 frames: {@code 1 - y};
 *   <li>histogramEqualization / clahe: {@code q = floor(clip(x, 0, 1) * 255 + 0.5)}, OpenCV's
 *       {@code equalizeHist} / CLAHE on {@code q}, then {@code / 255};
 *   <li>resample / resize: {@link Resampling}; sizes rounded with {@code floor(v + 0.5)}; keepAspect
 *       pads centred at {@code ((W - w') div 2, (H - h') div 2)};
 *   <li>scale: {@code x * factor + offset};
 *   <li>finally the single channel is repeated into the input's C channels.
 * </ul>
 */
public final class Preprocessor {
    private final String modelId;
    private final InputSpec input;
    private final List<PreprocessStep> steps;

    private Preprocessor(String modelId, InputSpec input, List<PreprocessStep> steps) {
        this.modelId = modelId;
        this.input = input;
        this.steps = steps;
    }

    public static Preprocessor of(ModelManifest manifest) {
        return new Preprocessor(manifest.id(), manifest.input(), manifest.preprocessing());
    }

    /** Number of float values of one preprocessed frame ({@code C * H * W}). */
    public int frameSize() {
        return input.channels() * input.height() * input.width();
    }

    public PreprocessedFrame apply(SourceFrame frame) throws PreprocessingException {
        Plane p = new Plane(
                frame.width(),
                frame.height(),
                frame.stored().clone(),
                Geometry.identity(frame.width(), frame.height()));
        for (int i = 0; i < steps.size(); i++) {
            PreprocessStep step = steps.get(i);
            try {
                p = apply(step, p, frame);
            } catch (PixelDataException | RuntimeException e) {
                throw new PreprocessingException(
                        "model '" + modelId + "': preprocessing[" + i + "] " + step.op() + ": " + e.getMessage(), e);
            }
        }
        if (p.w != input.width() || p.h != input.height()) {
            throw new PreprocessingException("model '" + modelId + "': preprocessing gives " + p.w + "x" + p.h
                    + " but input '" + input.name() + "' takes " + input.width() + "x" + input.height()
                    + " (add a resize step)");
        }
        return new PreprocessedFrame(toTensor(p.v), p.geometry);
    }

    private Plane apply(PreprocessStep step, Plane p, SourceFrame frame) throws PixelDataException {
        double[] v = p.v;
        switch (step) {
            case PreprocessStep.ModalityLut m -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = frame.modalityLut().apply(v[i]);
                }
            }
            case PreprocessStep.Window w -> {
                Window window = new Window(w.center(), w.width(), VoiLutFunction.LINEAR_EXACT);
                for (int i = 0; i < v.length; i++) {
                    v[i] = window.apply(v[i], 0, 1);
                }
                invertMonochrome1(v, frame);
            }
            case PreprocessStep.NormalizeRange n -> {
                double min = Arrays.stream(v).min().orElse(0);
                double max = Arrays.stream(v).max().orElse(0);
                for (int i = 0; i < v.length; i++) {
                    v[i] = max > min ? (v[i] - min) / (max - min) : 0;
                }
                invertMonochrome1(v, frame);
            }
            case PreprocessStep.HistogramEqualization h -> from8(OpenCvEnhancer.equalize(to8(p)), v);
            case PreprocessStep.Clahe c -> from8(OpenCvEnhancer.clahe(to8(p), c.clipLimit(), c.tileGrid()), v);
            case PreprocessStep.Resample r -> {
                if (!frame.hasSpacing()) {
                    throw new PixelDataException("the frame has no Pixel Spacing (0028,0030) or Imager Pixel Spacing");
                }
                double spacingX = frame.columnSpacingMm() / p.geometry.scaleX();
                double spacingY = frame.rowSpacingMm() / p.geometry.scaleY();
                int nw = Math.max(1, (int) Math.round(p.w * spacingX / r.pixelSpacingMm()));
                int nh = Math.max(1, (int) Math.round(p.h * spacingY / r.pixelSpacingMm()));
                double[] out = Resampling.resize(v, p.w, p.h, nw, nh, r.interpolation());
                return new Plane(nw, nh, out, p.geometry.then(nw, nh, (double) nw / p.w, (double) nh / p.h, 0, 0));
            }
            case PreprocessStep.Resize r -> {
                return resize(p, r);
            }
            case PreprocessStep.Scale s -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = v[i] * s.factor() + s.offset();
                }
            }
        }
        return p;
    }

    private static Plane resize(Plane p, PreprocessStep.Resize r) {
        if (!r.keepAspect()) {
            double[] out = Resampling.resize(p.v, p.w, p.h, r.width(), r.height(), r.interpolation());
            return new Plane(
                    r.width(),
                    r.height(),
                    out,
                    p.geometry.then(r.width(), r.height(), (double) r.width() / p.w, (double) r.height() / p.h, 0, 0));
        }
        double scale = Math.min((double) r.width() / p.w, (double) r.height() / p.h);
        int nw = Math.min(r.width(), Math.max(1, (int) Math.round(p.w * scale)));
        int nh = Math.min(r.height(), Math.max(1, (int) Math.round(p.h * scale)));
        double[] inner = Resampling.resize(p.v, p.w, p.h, nw, nh, r.interpolation());
        int ox = (r.width() - nw) / 2;
        int oy = (r.height() - nh) / 2;
        double[] out = new double[r.width() * r.height()];
        Arrays.fill(out, r.padValue());
        for (int y = 0; y < nh; y++) {
            System.arraycopy(inner, y * nw, out, (y + oy) * r.width() + ox, nw);
        }
        return new Plane(
                r.width(),
                r.height(),
                out,
                p.geometry.then(r.width(), r.height(), (double) nw / p.w, (double) nh / p.h, ox, oy));
    }

    private static void invertMonochrome1(double[] v, SourceFrame frame) {
        if (frame.monochrome1()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = 1 - v[i];
            }
        }
    }

    private static Image8 to8(Plane p) {
        byte[] px = new byte[p.v.length];
        for (int i = 0; i < px.length; i++) {
            double x = Math.min(1, Math.max(0, p.v[i]));
            px[i] = (byte) (int) Math.floor(x * 255 + 0.5);
        }
        return new Image8(p.w, p.h, 1, px);
    }

    private static void from8(Image8 img, double[] v) {
        byte[] px = img.pixels();
        for (int i = 0; i < v.length; i++) {
            v[i] = (px[i] & 0xFF) / 255.0;
        }
    }

    private float[] toTensor(double[] v) {
        int c = input.channels();
        int hw = v.length;
        float[] out = new float[c * hw];
        if (input.layout() == InputSpec.Layout.NCHW) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < hw; i++) {
                    out[ch * hw + i] = (float) v[i];
                }
            }
        } else {
            for (int i = 0; i < hw; i++) {
                for (int ch = 0; ch < c; ch++) {
                    out[i * c + ch] = (float) v[i];
                }
            }
        }
        return out;
    }

    /** The working image between steps. */
    private record Plane(int w, int h, double[] v, Geometry geometry) {}
}
