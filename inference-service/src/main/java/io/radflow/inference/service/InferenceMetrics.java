package io.radflow.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's metrics: {@code radflow_inference_jobs_total{outcome,pipeline}}, {@code
 * radflow_inference_stage_seconds{stage,pipeline}}, {@code radflow_inference_pending_jobs}, {@code
 * radflow_inference_consumer_lag}, {@code radflow_inference_poison_events_total}.
 */
@ApplicationScoped
public class InferenceMetrics {
    @Inject
    MeterRegistry registry;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean registered;

    private void register() {
        if (!registered) {
            synchronized (this) {
                if (!registered) {
                    registry.gauge("radflow_inference_pending_jobs", pending);
                    registry.gauge("radflow_inference_consumer_lag", lag);
                    registered = true;
                }
            }
        }
    }

    /** A job ended: succeeded, failed, retried or skipped. */
    public void job(String outcome, String pipeline) {
        register();
        Counter.builder("radflow_inference_jobs_total")
                .tag("outcome", outcome)
                .tag("pipeline", pipeline)
                .register(registry)
                .increment();
    }

    /** A job's stage durations. */
    public void stages(String pipeline, Map<String, Long> ms) {
        register();
        ms.forEach((stage, v) -> Timer.builder("radflow_inference_stage_seconds")
                .tag("stage", stage)
                .tag("pipeline", pipeline)
                .register(registry)
                .record(Duration.ofMillis(v)));
    }

    /** An event that could not be read (skipped, logged). */
    public void poison() {
        register();
        registry.counter("radflow_inference_poison_events_total").increment();
    }

    public void pending(long n) {
        register();
        pending.set(n);
    }

    public void lag(long n) {
        register();
        lag.set(n);
    }
}
