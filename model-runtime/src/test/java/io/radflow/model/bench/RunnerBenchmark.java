package io.radflow.model.bench;

import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.model.runtime.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Radflow's model runner (ONNX Runtime Java, the session options the inference service uses) on
 * random input of the model's shape: cold (session creation, first batch) and warm slices per
 * second (median of rounds). {@code bin/inference-benchmark} runs it beside PyTorch eager on the
 * same architecture and input sizes. Not a test.
 *
 * <p>usage: RunnerBenchmark MODELS_DIR MODEL_ID SLICES BATCH THREADS ROUNDS
 */
public final class RunnerBenchmark {
    private RunnerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String id = args[1];
        int slices = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        long t0 = System.nanoTime();
        try (ModelRepository repo =
                ModelRepository.load(dir, RuntimeOptions.defaults().withIntraOpThreads(threads))) {
            LoadedModel m = repo.model(id).orElseThrow(() -> new IllegalArgumentException(id + ": " + repo.failures()));
            double loadMs = (System.nanoTime() - t0) / 1e6;
            long[] shape = m.manifest().input().shape().clone();
            shape[0] = batch;
            int size = 1;
            for (int i = 1; i < shape.length; i++) {
                size *= (int) shape[i];
            }
            float[] data = new float[size * batch];
            Random rnd = new Random(17);
            for (int i = 0; i < data.length; i++) {
                data[i] = rnd.nextFloat();
            }
            Tensor input = new Tensor(shape, data);
            long c0 = System.nanoTime();
            m.run(input);
            double firstMs = (System.nanoTime() - c0) / 1e6;
            double[] perSecond = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long s0 = System.nanoTime();
                for (int done = 0; done < slices; done += batch) {
                    m.run(input);
                }
                double sec = (System.nanoTime() - s0) / 1e9;
                perSecond[r] = Math.ceil((double) slices / batch) * batch / sec;
            }
            Arrays.sort(perSecond);
            System.out.printf(
                    "radflow-onnxruntime model=%s provider=%s threads=%d batch=%d load_ms=%.0f first_batch_ms=%.1f"
                            + " warm_slices_per_s=%.1f rounds=%s%n",
                    id,
                    m.provider().name(),
                    threads,
                    batch,
                    loadMs,
                    firstMs,
                    perSecond[rounds / 2],
                    Arrays.toString(Arrays.stream(perSecond)
                            .map(v -> Math.round(v * 10) / 10.0)
                            .toArray()));
        }
    }
}
