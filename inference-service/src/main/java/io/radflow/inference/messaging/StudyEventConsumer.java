package io.radflow.inference.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventPayload;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.inference.service.InferenceMetrics;
import io.radflow.inference.service.JobRunner;
import io.radflow.inference.service.JobStore;
import io.radflow.inference.service.ModelRegistry;
import io.radflow.inference.service.Router;
import io.radflow.service.messaging.KafkaClientSecurity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes {@code radflow.study-events} (ready and updated) in consumer group {@code
 * radflow-inference}: routes each study and records the event with its jobs in one transaction
 * ({@link JobStore#schedule}), then commits the offset. Back-pressure: while {@code
 * max-pending-jobs} jobs wait or run, the consumer pauses (work stays in Kafka, not in memory). An
 * event that cannot be read is logged, counted and skipped, so it never blocks its partition; while
 * the database is down the event is read again after a pause.
 */
@ApplicationScoped
public class StudyEventConsumer {
    private static final Logger LOG = Logger.getLogger(StudyEventConsumer.class);

    @Inject
    InferenceConfig config;

    @Inject
    JobStore store;

    @Inject
    ModelRegistry models;

    @Inject
    JobRunner runner;

    @Inject
    InferenceMetrics metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Priority(30) StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "study-event-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The router for the loaded models and the configured rules. */
    Router router() {
        Map<String, Router.Rule> rules = new HashMap<>();
        config.pipelines()
                .forEach((id, r) -> rules.put(
                        id,
                        new Router.Rule(
                                r.enabled(),
                                r.seriesDescription().orElse(null),
                                r.excludeSeriesDescription().orElse(null))));
        return new Router(models.manifests(), rules);
    }

    private void loop() {
        Properties p = KafkaClientSecurity.properties(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "inference-" + JobRunner.host());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.studyEventsTopic()));
            Router router = router();
            while (running) {
                try {
                    long pending = store.pending();
                    metrics.pending(pending);
                    if (pending >= config.maxPendingJobs()) {
                        consumer.pause(consumer.assignment());
                    } else if (!consumer.paused().isEmpty()) {
                        consumer.resume(consumer.paused());
                    }
                } catch (RuntimeException ex) {
                    LOG.warnf("cannot count pending jobs (database): %s", ex.getMessage());
                    consumer.pause(consumer.assignment());
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                lag(consumer);
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        if (!handle(r, router)) {
                            // the database is down: this record and the rest of its partition are read again
                            consumer.seek(tp, r.offset());
                            break;
                        }
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                    runner.signal();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "study event consumer stopped");
        }
    }

    /** Handles one record; false when it must be read again (database unavailable). */
    boolean handle(ConsumerRecord<String, byte[]> r, Router router) {
        CloudEventHeaders ce;
        StudyEvent study;
        try {
            ce = CloudEventHeaders.readFrom(r.headers());
            if (ce.type() != EventType.STUDY_READY && ce.type() != EventType.STUDY_UPDATED) {
                return true;
            }
            EventPayload payload = StudyEvents.fromJson(ce.type(), r.value());
            study = (StudyEvent) payload;
        } catch (RuntimeException e) {
            metrics.poison();
            LOG.errorf(
                    "skipping unreadable study event at %s-%d offset %d (key %s): %s",
                    r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            return true;
        }
        Router.Decision d = router.route(study);
        try {
            var outcome = store.scheduleAndWait(
                    ce.id(), ce.type(), study, d, config.dicomweb().url() + "/studies/" + study.studyInstanceUID());
            if (outcome == JobStore.Scheduled.UNCHANGED) {
                LOG.infof(
                        "study %s v%d: the pipelines already ran on these images; nothing to do",
                        study.studyInstanceUID(), study.version());
            } else if (outcome == JobStore.Scheduled.NEW) {
                if (d.routes().isEmpty()) {
                    metrics.job("skipped", "none");
                    LOG.infof("study %s v%d: %s", study.studyInstanceUID(), study.version(), d.skipReason());
                } else {
                    LOG.infof(
                            "study %s v%d: %s",
                            study.studyInstanceUID(),
                            study.version(),
                            d.routes().stream()
                                    .map(x -> x.model().id() + " on series "
                                            + x.series().seriesNumber())
                                    .toList());
                }
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("cannot record study event %s (database): %s; reading it again shortly", ce.id(), e.getMessage());
            sleep(2000);
            return false;
        }
    }

    private void lag(KafkaConsumer<String, byte[]> consumer) {
        // records-lag-max of the consumer's fetch metrics
        consumer.metrics().forEach((name, metric) -> {
            if (name.name().equals("records-lag-max") && name.tags().size() == 1) {
                Object v = metric.metricValue();
                if (v instanceof Double d && !d.isNaN()) {
                    metrics.lag(d.longValue());
                }
            }
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
