package io.radflow.model.runtime;

/**
 * The ONNX Runtime execution provider a session runs on, and why.
 *
 * @param name {@code CUDA} or {@code CPU}
 * @param reason why: the device used, or why CUDA was not (e.g. the CPU-only jar's EP_FAIL)
 */
public record ExecutionProvider(String name, String reason) {
    public static final String CUDA = "CUDA";
    public static final String CPU = "CPU";

    public boolean isCuda() {
        return CUDA.equals(name);
    }
}
