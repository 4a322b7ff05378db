package io.radflow.inference.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.InferenceEvent;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.inference.messaging.InferenceOutboxRelay;
import io.radflow.inference.pipeline.PipelineException;
import io.radflow.inference.repository.Job;
import io.radflow.inference.repository.JobStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The workers: each claims the oldest due job, runs it ({@link JobExecutor}) and ends it with its
 * event in one transaction. A failure that may pass (archive or ingest down) puts the job back with
 * a doubling delay, up to {@code max-attempts}; any other failure ends it as FAILED with the reason,
 * and the workers go on with the next job. At start, jobs this host left RUNNING (a crash, kill -9)
 * are queued again; a sweeper queues again any job whose lease ran out (another replica died).
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    InferenceConfig config;

    @Inject
    JobStore store;

    @Inject
    ModelRegistry models;

    @Inject
    ImageSource source;

    @Inject
    ResultTarget target;

    @Inject
    InferenceOutboxRelay relay;

    @Inject
    InferenceMetrics metrics;

    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private String owner;
    private String host;

    void start(@Observes @Priority(20) StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        host = host();
        owner = host + ":" + ProcessHandle.current().pid();
        int requeued = store.requeueOwnedBy(host + ":");
        if (requeued > 0) {
            LOG.infof("%d job(s) left running by an earlier process on %s queued again", requeued, host);
        }
        running = true;
        JobExecutor executor = new JobExecutor(models, source, target);
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(() -> work(executor), "inference-worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread sweeper = new Thread(this::sweep, "inference-lease-sweeper");
        sweeper.setDaemon(true);
        sweeper.start();
        threads.add(sweeper);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        signal();
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    /** Wakes an idle worker (a job was queued). */
    public void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void work(JobExecutor executor) {
        while (running) {
            Job job;
            try {
                job = store.claim(owner, config.jobLease());
            } catch (RuntimeException e) {
                LOG.warnf("cannot claim a job (database): %s", e.getMessage());
                pause(2000);
                continue;
            }
            if (job == null) {
                pause(1000);
                continue;
            }
            run(executor, job);
            relay.signal();
        }
    }

    private void run(JobExecutor executor, Job job) {
        MDC.put("correlationId", job.id.toString());
        long t0 = System.nanoTime();
        try {
            LOG.infof(
                    "job %s: %s %s on study %s v%d series %s (attempt %d)",
                    job.id,
                    job.pipeline,
                    job.modelVersion,
                    job.studyUid,
                    job.studyVersion,
                    job.seriesUid,
                    job.attempts);
            JobExecutor.Outcome o = executor.run(job);
            store.finish(job.id, JobStatus.SUCCEEDED, o.event(), o.summary());
            metrics.job("succeeded", job.pipeline);
            metrics.stages(job.pipeline, o.event().timingsMs());
            LOG.infof(
                    "job %s succeeded in %d ms: %s, results %s",
                    job.id,
                    (System.nanoTime() - t0) / 1_000_000,
                    o.summary(),
                    o.event().resultSeriesInstanceUID());
        } catch (PipelineException e) {
            if (e.retryable() && job.attempts < config.maxAttempts()) {
                Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(10, job.attempts - 1));
                LOG.warnf(
                        "job %s: %s; attempt %d of %d, again in %s",
                        job.id, e.getMessage(), job.attempts, config.maxAttempts(), delay);
                store.retryLater(job.id, e.getMessage(), delay);
                metrics.job("retried", job.pipeline);
            } else {
                fail(job, e.getMessage(), e);
            }
        } catch (RuntimeException | Error e) {
            fail(job, "internal error: " + e, e);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void fail(Job job, String reason, Throwable cause) {
        LOG.errorf(cause instanceof PipelineException ? null : cause, "job %s failed: %s", job.id, reason);
        try {
            InferenceEvent ev = JobExecutor.event(
                    job, models.model(job.modelId).orElse(null), null, List.of(), Map.of(), reason, Map.of());
            store.finish(job.id, JobStatus.FAILED, ev, Map.of());
            metrics.job("failed", job.pipeline);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: cannot record the failure; its lease will expire and it runs again", job.id);
        }
    }

    private void sweep() {
        while (running) {
            pause(30_000);
            try {
                int n = store.requeueExpired();
                if (n > 0) {
                    LOG.warnf("%d job(s) whose lease ran out queued again", n);
                }
                metrics.pending(store.pending());
            } catch (RuntimeException e) {
                LOG.debugf("lease sweep: %s", e.getMessage());
            }
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

    /** This instance's host name (HOSTNAME, else the local host name). */
    public static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
