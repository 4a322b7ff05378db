package io.radflow.inference.pipeline;

import ai.onnxruntime.OrtException;
import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.preprocess.PreprocessingException;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What every pipeline shares: the model's frames and predictions, the new series' naming and UIDs
 * (derived from the job key, so a job that runs again makes the same instances, which ingest then
 * keeps once), codes and algorithm identification from the manifest, and the demo notice.
 */
public final class ResultEncoding {
    /** Radflow's software version in Software Versions of every result. */
    public static final String SOFTWARE = "Radflow 0.1.0";

    /** Said in every result of a demo model. */
    public static final String DEMO_NOTICE = "DEMO model trained on synthetic phantoms; not for clinical use";

    /** Series numbers of AI results start here (one per pipeline, in model order). */
    public static final int SERIES_NUMBER = 9001;

    private ResultEncoding() {}

    /** Sees each frame before it is dropped (e.g. to compute a lung mask from its HU). */
    @FunctionalInterface
    public interface FrameVisitor {
        void visit(int index, SourceFrame frame) throws PipelineException;
    }

    /** The model's input frame of image {@code i} (the first frame of a multi-frame image). */
    public static SourceFrame frame(PipelineInput in, int i) throws PipelineException {
        Attributes ds = in.images().get(i);
        try {
            return SourceFrame.of(ds, PixelData.of(ds, in.transferSyntaxes().get(i)), 0);
        } catch (IOException | RuntimeException e) {
            throw PipelineException.permanent(
                    "image " + ds.getString(Tag.SOPInstanceUID) + ": cannot read its pixels: " + e.getMessage());
        }
    }

    /**
     * Predictions for every image, in batches of the model's batch size; frames are decoded per
     * batch and dropped after it (a 300-slice CT never holds all its decoded frames). Time until
     * the first batch counts as "fetch"; then "decode", "preprocess", "run" (the graph) and the
     * model's "postprocess" are summed over the batches.
     */
    public static List<Prediction> predict(PipelineInput in, Timings timings, FrameVisitor visitor)
            throws PipelineException {
        LoadedModel model = in.model();
        int n = in.images().size();
        List<Prediction> out = new ArrayList<>(n);
        int batch = Math.max(1, model.batchSize());
        timings.lap("fetch");
        for (int i = 0; i < n; i += batch) {
            List<SourceFrame> frames = new ArrayList<>(batch);
            for (int k = i; k < Math.min(n, i + batch); k++) {
                long t0 = System.nanoTime();
                SourceFrame f = frame(in, k);
                long t1 = System.nanoTime();
                timings.add("decode", t1 - t0);
                if (visitor != null) {
                    // the pipeline's own use of the frame (e.g. the lung mask) is post-processing
                    visitor.visit(k, f);
                    timings.add("postprocess", System.nanoTime() - t1);
                }
                frames.add(f);
            }
            try {
                // masks, boxes and class scores; no raw output planes (LoadedModel.predict)
                out.addAll(model.predict(frames, timings::add));
            } catch (PreprocessingException e) {
                throw PipelineException.permanent("model " + model.id() + ": input: " + e.getMessage());
            } catch (OrtException | RuntimeException e) {
                throw PipelineException.permanent("model " + model.id() + " failed: " + e.getMessage());
            }
        }
        timings.restart();
        return out;
    }

    /**
     * The new series' description: "Radflow AI - name - version", DEMO for demo models; ASCII only
     * (the source's character set may be the default repertoire) and at most 64 characters (LO).
     */
    public static String seriesDescription(ModelManifest m) {
        String s = (m.demo() ? "Radflow AI DEMO - " : "Radflow AI - ") + m.name() + " - " + m.version();
        s = s.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() <= 64 ? s : s.substring(0, 64);
    }

    /** The identity of a result object {@code what} ("seg", "sr") of a job. */
    public static DerivedInstance instance(String jobKey, String what, ModelManifest m, int instanceNumber) {
        return new DerivedInstance(
                DerivedInstance.uidFor(jobKey + "/series"),
                DerivedInstance.uidFor(jobKey + "/" + what),
                SERIES_NUMBER,
                seriesDescription(m),
                instanceNumber,
                SOFTWARE + ", " + m.id() + " " + m.version(),
                m.id(),
                LocalDateTime.now());
    }

    /** The label's coded concept (as the manifest declares it). */
    public static Code code(LabelSpec label) {
        if (label.code() == null) {
            return new Code(
                    label.label().toUpperCase(java.util.Locale.ROOT).replace(' ', '-'),
                    Code.RADFLOW_SCHEME,
                    label.label());
        }
        return new Code(
                label.code().value(), label.code().scheme(), label.code().meaning());
    }

    /** TID 4019 algorithm identification: model id and version, and the demo notice for demo models. */
    public static MeasurementReport.Algorithm algorithm(ModelManifest m, List<String> parameters) {
        List<String> p = new ArrayList<>(parameters);
        if (m.demo()) {
            p.add(0, DEMO_NOTICE);
        }
        return new MeasurementReport.Algorithm(m.id(), m.version(), p);
    }

    /** The device observer: the model. */
    public static MeasurementReport.Device device(ModelManifest m) {
        return new MeasurementReport.Device(
                DerivedInstance.uidFor("device/" + m.id() + "/" + m.version()),
                m.id(),
                "Radflow",
                m.demo() ? m.name() + " (demo)" : m.name());
    }
}
