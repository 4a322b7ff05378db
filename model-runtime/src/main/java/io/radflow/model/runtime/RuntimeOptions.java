package io.radflow.model.runtime;

/**
 * How ONNX Runtime sessions are created. Every session uses all graph optimisations, one inter-op
 * thread and sequential execution (measured best for these models on CPU).
 *
 * @param intraOpThreads threads inside one operator (default: available processors)
 * @param tryCuda add the CUDA execution provider, falling back to CPU when it cannot be added
 * @param cudaDeviceId the CUDA device to use
 */
public record RuntimeOptions(int intraOpThreads, boolean tryCuda, int cudaDeviceId) {

    public RuntimeOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, not " + intraOpThreads);
        }
    }

    /** All cores, CPU only. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Runtime.getRuntime().availableProcessors(), false, 0);
    }

    public RuntimeOptions withIntraOpThreads(int n) {
        return new RuntimeOptions(n, tryCuda, cudaDeviceId);
    }

    /** Try CUDA device {@code deviceId}, else CPU. */
    public RuntimeOptions withCuda(int deviceId) {
        return new RuntimeOptions(intraOpThreads, true, deviceId);
    }
}
