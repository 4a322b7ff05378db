package io.radflow.quantification.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The service's metrics: {@code radflow_quantification_measurements_total{outcome,trigger}}, {@code
 * radflow_quantification_compute_seconds} (masks in memory → all outputs), {@code
 * radflow_quantification_poison_events_total}.
 */
@ApplicationScoped
public class QuantificationMetrics {
    @Inject
    MeterRegistry registry;

    /** A measurement ended: succeeded, failed or retried. */
    public void measurement(String outcome, String trigger) {
        Counter.builder("radflow_quantification_measurements_total")
                .tag("outcome", outcome)
                .tag("trigger", trigger)
                .register(registry)
                .increment();
    }

    /** Time from the masks in memory to every output. */
    public void compute(Duration d) {
        Timer.builder("radflow_quantification_compute_seconds")
                .register(registry)
                .record(d);
    }

    /** An event that could not be read (skipped, logged). */
    public void poison() {
        registry.counter("radflow_quantification_poison_events_total").increment();
    }
}
