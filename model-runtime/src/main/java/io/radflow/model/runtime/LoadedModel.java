package io.radflow.model.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.radflow.model.manifest.InputSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.manifest.OutputSpec;
import io.radflow.model.postprocess.Postprocessor;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.preprocess.PreprocessedFrame;
import io.radflow.model.preprocess.PreprocessingException;
import io.radflow.model.preprocess.Preprocessor;
import io.radflow.model.preprocess.SourceFrame;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model whose manifest and ONNX graph agree, with its open session. Thread-safe: one session
 * serves concurrent calls (ONNX Runtime sessions are); close it when no call is running.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final Path directory;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final Preprocessor preprocessor;
    private final Postprocessor postprocessor;
    private final Set<String> outputNames;

    LoadedModel(ModelManifest manifest, Path directory, OrtSession session, ExecutionProvider provider) {
        this.manifest = manifest;
        this.directory = directory;
        this.session = session;
        this.provider = provider;
        this.preprocessor = Preprocessor.of(manifest);
        this.postprocessor = Postprocessor.of(manifest);
        Set<String> names = new LinkedHashSet<>();
        manifest.outputs().forEach(o -> names.add(o.name()));
        this.outputNames = Set.copyOf(names);
    }

    public String id() {
        return manifest.id();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path directory() {
        return directory;
    }

    /** The execution provider the session runs on, and why. */
    public ExecutionProvider provider() {
        return provider;
    }

    /**
     * Frames per run: the input's fixed batch dimension if the graph has one (shorter batches are
     * padded), else the manifest's {@code batchSize}.
     */
    public int batchSize() {
        return manifest.input().batch() > 0 ? (int) manifest.input().batch() : manifest.batchSize();
    }

    /** The manifest's preprocessing of one frame. */
    public PreprocessedFrame preprocess(SourceFrame frame) throws PreprocessingException {
        return preprocessor.apply(frame);
    }

    /** Preprocesses, runs and post-processes one frame. */
    public Prediction predict(SourceFrame frame) throws PreprocessingException, OrtException {
        return predict(List.of(frame)).getFirst();
    }

    /** Preprocesses, runs in batches of {@link #batchSize()} and post-processes {@code frames}. */
    public List<Prediction> predict(List<SourceFrame> frames) throws PreprocessingException, OrtException {
        return predict(frames, (stage, nanos) -> {}, true);
    }

    /** Where the time of {@link #predict(List, StageTimes)} went. */
    @FunctionalInterface
    public interface StageTimes {
        /** Stage names: {@code preprocess}, {@code run} (the graph), {@code postprocess}. */
        void add(String stage, long nanos);
    }

    /**
     * As {@link #predict(List)} for a whole series: the predictions keep their masks, boxes and
     * class scores but no per-pixel output planes ({@link Prediction#withoutMaps()}), so that a
     * 300-slice CT does not hold 2 MB of floats per slice; reports the nanoseconds of preprocessing,
     * graph execution and post-processing separately.
     */
    public List<Prediction> predict(List<SourceFrame> frames, StageTimes times)
            throws PreprocessingException, OrtException {
        return predict(frames, times, false);
    }

    private List<Prediction> predict(List<SourceFrame> frames, StageTimes times, boolean keepMaps)
            throws PreprocessingException, OrtException {
        List<Prediction> out = new ArrayList<>(frames.size());
        int batch = batchSize();
        for (int start = 0; start < frames.size(); start += batch) {
            List<SourceFrame> chunk = frames.subList(start, Math.min(frames.size(), start + batch));
            long t0 = System.nanoTime();
            List<PreprocessedFrame> pre = new ArrayList<>(chunk.size());
            for (SourceFrame f : chunk) {
                pre.add(preprocessor.apply(f));
            }
            Tensor input = inputTensor(pre);
            long t1 = System.nanoTime();
            Map<String, Tensor> results = run(input);
            long t2 = System.nanoTime();
            for (int k = 0; k < pre.size(); k++) {
                Map<String, Tensor> item = new HashMap<>();
                for (OutputSpec o : manifest.outputs()) {
                    item.put(o.name(), results.get(o.name()).item(k));
                }
                out.add(postprocessor.apply(item, pre.get(k).geometry(), keepMaps));
            }
            long t3 = System.nanoTime();
            times.add("preprocess", t1 - t0);
            times.add("run", t2 - t1);
            times.add("postprocess", t3 - t2);
        }
        return out;
    }

    /** The batch tensor of preprocessed frames, zero-padded to a fixed batch size. */
    Tensor inputTensor(List<PreprocessedFrame> frames) {
        InputSpec in = manifest.input();
        int n = in.batch() > 0 ? (int) in.batch() : frames.size();
        int size = preprocessor.frameSize();
        float[] data = new float[n * size];
        for (int k = 0; k < frames.size(); k++) {
            System.arraycopy(frames.get(k).values(), 0, data, k * size, size);
        }
        long[] shape = in.layout() == InputSpec.Layout.NCHW
                ? new long[] {n, in.channels(), in.height(), in.width()}
                : new long[] {n, in.height(), in.width(), in.channels()};
        return new Tensor(shape, data);
    }

    /** Runs the graph on {@code input}; returns the manifest's outputs, raw (no activation). */
    public Map<String, Tensor> run(Tensor input) throws OrtException {
        try (OnnxTensor t =
                        OnnxTensor.createTensor(Sessions.environment(), FloatBuffer.wrap(input.data()), input.shape());
                OrtSession.Result r = session.run(Map.of(manifest.input().name(), t), outputNames)) {
            Map<String, Tensor> out = new HashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor v = (OnnxTensor) e.getValue();
                FloatBuffer fb = v.getFloatBuffer();
                float[] data = new float[fb.remaining()];
                fb.get(data);
                out.put(e.getKey(), new Tensor(v.getInfo().getShape(), data));
            }
            return out;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    @Override
    public String toString() {
        return "LoadedModel[" + id() + " " + manifest.version() + " on " + provider.name() + "]";
    }
}
