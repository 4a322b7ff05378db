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
        warmUp();
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
        } catch (OutOfMemoryError | StackOverflowError ex) {
            // this study's measurement fails with its reason; the worker goes on with the others
            store.finish(m.id, null, "the measurement needed more memory than the service has (" + ex + ")");
            metrics.measurement("failed", m.trigger);
            LOG.errorf(ex, "study %s: body composition failed", m.studyUid);
        }
        relay.signal();
    }

    /**
     * Draws one picture and writes one spreadsheet of a small synthetic slice, so that the first study
     * after a start does not pay for loading AWT, fonts, ImageIO and fastexcel (about 250 ms cold
     * against 20 ms warm, docs/benchmarks.md "Quantification").
     */
    static void warmUp() {
        try {
            int n = 64;
            float[] hu = new float[n * n];
            boolean[] muscle = new boolean[n * n];
            for (int p = 0; p < hu.length; p++) {
                hu[p] = p % 2 == 0 ? 45 : -100;
                muscle[p] = p % 3 == 0;
            }
            var slice = new io.radflow.quantification.compute.AxialSlice(hu, n, n, 0.8, 0.8);
            var masks = new io.radflow.quantification.compute.TissueMasks(muscle, null, null);
            var measured = new io.radflow.quantification.compute.SliceMeasurer().measure(slice, masks);
            var result = io.radflow.quantification.compute.BodyCompositionResult.of(
                    "1.2.3",
                    new io.radflow.quantification.compute.BodyCompositionResult.L3Slice(
                            "1.2.3.4",
                            "1.2.3.5",
                            0.0,
                            io.radflow.quantification.compute.BodyCompositionResult.L3Source.MODEL,
                            1),
                    measured,
                    io.radflow.quantification.compute.Anthropometrics.none(),
                    null,
                    io.radflow.quantification.compute.Thresholds.alberta(),
                    null,
                    null);
            io.radflow.quantification.render.L3Picture.png(slice, masks, result);
            io.radflow.quantification.export.BodyCompositionXlsx.study(result, java.io.OutputStream.nullOutputStream());
        } catch (Exception | LinkageError e) {
            LOG.warnf("warm-up of the picture and spreadsheet failed (the first study pays for it): %s", e);
        }
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
