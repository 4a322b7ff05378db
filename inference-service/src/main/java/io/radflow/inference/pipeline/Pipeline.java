package io.radflow.inference.pipeline;

/** Runs a model on a series and turns its predictions into result objects. */
public interface Pipeline {
    /** Runs; {@code timings} gets the stages' durations. */
    PipelineOutput run(PipelineInput input, Timings timings) throws PipelineException;
}
