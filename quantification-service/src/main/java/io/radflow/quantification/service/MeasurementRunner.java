package io.radflow.quantification.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.quantification.messaging.QuantificationOutboxRelay;
import io.radflow.quantification.repository.Measurement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The worker: claims due measurements one at a time and runs them ({@link MeasurementExecutor}). A
 * failure that may pass (archive or ingest unreachable) is retried with a doubling delay up to {@code
 * max-attempts}; any other fails the measurement with its reason and a failed event, and the worker
 * goes on. A measurement whose process died is queued again when its lease runs out.
 */
@ApplicationScoped
public class MeasurementRunner {
    private static final Logger LOG = Logger.getLogger(MeasurementRunner.class);
    static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    QuantificationConfig config;

    @Inject
    MeasurementStore store;

    @Inject
    MeasurementExecutor executor;

    @Inject
    QuantificationOutboxRelay relay;

    @Inject
    QuantificationMetrics metrics;

    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "quantification-worker");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        signal();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wakes the worker (a measurement was queued). */
    public void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        long lastSweep = 0;
        while (running) {
            try {
                if (System.nanoTime() - lastSweep > Duration.ofSeconds(30).toNanos()) {
                    store.requeueExpired();
                    lastSweep = System.nanoTime();
                }
                Measurement m = store.claim(LEASE);
                if (m == null) {
                    pause(1000);
                    continue;
                }
                runOne(m);
            } catch (RuntimeException ex) {
                LOG.warnf("quantification worker: %s; trying again shortly", ex.getMessage());
                pause(2000);
            }
        }
    }

    private void runOne(Measurement m) {
        try {
            MeasurementStore.Outcome out = executor.run(m);
            store.finish(m.id, out, null);
            metrics.measurement("succeeded", m.trigger);
            LOG.infof("study %s: body composition measured (%s)", m.studyUid, m.trigger);
        } catch (MeasurementException ex) {
            if (ex.retryable() && m.attempts < config.maxAttempts()) {
                Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(10, m.attempts - 1));
                store.retryLater(m.id, ex.getMessage(), delay);
                metrics.measurement("retried", m.trigger);
                LOG.warnf(
                        "study %s: %s; attempt %d of %d, again in %s",
                        m.studyUid, ex.getMessage(), m.attempts, config.maxAttempts(), delay);
            } else {
                store.finish(m.id, null, ex.getMessage());
                metrics.measurement("failed", m.trigger);
                LOG.errorf("study %s: body composition failed: %s", m.studyUid, ex.getMessage());
            }
        } catch (RuntimeException ex) {
            store.finish(m.id, null, "internal error: " + ex);
            metrics.measurement("failed", m.trigger);
            LOG.errorf(ex, "study %s: body composition failed", m.studyUid);
        }
        relay.signal();
    }

    private void pause(long ms) {
        synchronized (signal) {
            try {
                signal.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
