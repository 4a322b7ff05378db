package io.radflow.inference.pipeline;

/**
 * A job that cannot complete: the reason in words (shown in the API and the failed event) and
 * whether running it again later may succeed (a source or target that was down) or not (bad input).
 */
public class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public PipelineException(String reason, boolean retryable) {
        super(reason);
        this.retryable = retryable;
    }

    public PipelineException(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
    }

    /** Bad input or a model error: running again gives the same. */
    public static PipelineException permanent(String reason) {
        return new PipelineException(reason, false);
    }

    public boolean retryable() {
        return retryable;
    }
}
