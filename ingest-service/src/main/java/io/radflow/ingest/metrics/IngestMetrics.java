package io.radflow.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.ingest.receive.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Ingest metrics (Prometheus names): {@code radflow_ingest_instances_total{path,source,outcome}},
 * {@code radflow_ingest_bytes_total{path,source}}, {@code radflow_ingest_stage_seconds{stage}}
 * (receive, validate, index, assemble, publish), {@code radflow_ingest_events_total{type}}; the
 * gauges {@code radflow_ingest_outbox_backlog} and {@code radflow_ingest_disk_free_bytes} are
 * registered by the relay and the disk guard.
 */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void instance(Source src, IngestResult r, long bytes) {
        Counter.builder("radflow.ingest.instances")
                .description("instances received")
                .tag("path", src.path())
                .tag("source", src.name())
                .tag("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
        if (bytes > 0) {
            Counter.builder("radflow.ingest.bytes")
                    .description("bytes of instances received")
                    .baseUnit("bytes")
                    .tag("path", src.path())
                    .tag("source", src.name())
                    .register(registry)
                    .increment(bytes);
        }
    }

    public void stage(String stage, long startNanos) {
        Timer.builder("radflow.ingest.stage")
                .description("latency per ingest stage")
                .tag("stage", stage)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Instances indexed in one transaction (group commit). */
    public void batch(int instances) {
        io.micrometer.core.instrument.DistributionSummary.builder("radflow.ingest.index.batch")
                .description("instances indexed in one transaction (group commit)")
                .register(registry)
                .record(instances);
    }

    public void event(String type, int n) {
        Counter.builder("radflow.ingest.events")
                .description("events published to Kafka")
                .tag("type", type)
                .register(registry)
                .increment(n);
    }

    /** A study whose ready/updated event could not be built (postponed, retried later). */
    public void assemblyFailure() {
        Counter.builder("radflow.ingest.assembly.failures")
                .description("studies whose ready/updated event failed and was postponed")
                .register(registry)
                .increment();
    }

    /** Published events deleted from the outbox after their retention. */
    public void outboxPurged(int n) {
        Counter.builder("radflow.ingest.outbox.purged")
                .description("published events deleted from the outbox after the retention period")
                .register(registry)
                .increment(n);
    }

    public void rejectedAssociation(String reason) {
        Counter.builder("radflow.ingest.associations.rejected")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
