package io.radflow.model.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/** Creates sessions with {@link RuntimeOptions}; the one {@link OrtEnvironment} is shared. */
final class Sessions {
    private final RuntimeOptions options;

    Sessions(RuntimeOptions options) {
        this.options = options;
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** A session and the provider it runs on. */
    record Opened(OrtSession session, ExecutionProvider provider) {}

    Opened open(Path onnx) throws OrtException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            ExecutionProvider provider =
                    new ExecutionProvider(ExecutionProvider.CPU, "CUDA not requested (tryCuda is false)");
            if (options.tryCuda()) {
                try {
                    so.addCUDA(options.cudaDeviceId());
                    provider = new ExecutionProvider(ExecutionProvider.CUDA, "CUDA device " + options.cudaDeviceId());
                } catch (OrtException | UnsatisfiedLinkError e) {
                    provider = new ExecutionProvider(
                            ExecutionProvider.CPU, "CUDA unavailable, running on CPU: " + e.getMessage());
                }
            }
            return new Opened(environment().createSession(onnx.toString(), so), provider);
        }
    }
}
