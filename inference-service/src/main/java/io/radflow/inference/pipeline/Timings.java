package io.radflow.inference.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Milliseconds per stage of one job: fetch (WADO-RS), decode (pixel data to frames), preprocess,
 * run (the model's graph), postprocess (the model's and the pipeline's), encode (SEG/SR), store
 * (STOW-RS).
 */
public final class Timings {
    private final Map<String, Long> ms = new LinkedHashMap<>();
    private final Map<String, Long> ns = new LinkedHashMap<>();
    private long start = System.nanoTime();

    /** Ends the current stage under {@code name} and starts the next. */
    public synchronized void lap(String name) {
        long now = System.nanoTime();
        ms.merge(name, (now - start) / 1_000_000, Long::sum);
        start = now;
    }

    /** Adds a measured duration to a stage (kept in nanoseconds until read). */
    public synchronized void add(String name, long nanos) {
        ns.merge(name, nanos, Long::sum);
    }

    /** Starts the next lap now: the time since the last lap was accounted for by {@link #add}. */
    public synchronized void restart() {
        start = System.nanoTime();
    }

    /** Milliseconds per stage, in the order the stages first ran. */
    public synchronized Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>(ms);
        ns.forEach((k, v) -> out.merge(k, v / 1_000_000, Long::sum));
        return java.util.Collections.unmodifiableMap(out);
    }
}
