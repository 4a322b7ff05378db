package io.radflow.inference.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** Milliseconds per stage of one job (fetch, preprocess+run, postprocess, encode, store). */
public final class Timings {
    private final Map<String, Long> ms = new LinkedHashMap<>();
    private long start = System.nanoTime();

    /** Ends the current stage under {@code name} and starts the next. */
    public synchronized void lap(String name) {
        long now = System.nanoTime();
        ms.merge(name, (now - start) / 1_000_000, Long::sum);
        start = now;
    }

    /** Adds a measured duration to a stage. */
    public synchronized void add(String name, long nanos) {
        ms.merge(name, nanos / 1_000_000, Long::sum);
    }

    public synchronized Map<String, Long> asMap() {
        return Map.copyOf(ms);
    }
}
