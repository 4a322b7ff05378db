package io.radflow.quantification.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.data.UID;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventPayload;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.quantification.service.MeasurementRunner;
import io.radflow.quantification.service.MeasurementStore;
import io.radflow.quantification.service.QuantificationMetrics;
import io.radflow.service.messaging.EventConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes {@code radflow.inference.completed} (consumer group {@code radflow-quantification}): a
 * body-composition run with its SEG queues a measurement, recorded with the event's id in one
 * transaction (service-commons {@link EventConsumer}: poison skipped, database outages retried). Also
 * consumes {@code radflow.study.updated}: a SEG series that is not an AI result (its description does
 * not start with "Radflow AI") is a person's labels — a corrected label set published by the
 * labeling service, or any SEG stored for the study — and is measured on the study's latest source
 * series and L3 slice.
 */
@ApplicationScoped
public class InferenceEventConsumer {
    private static final Logger LOG = Logger.getLogger(InferenceEventConsumer.class);

    @Inject
    QuantificationConfig config;

    @Inject
    MeasurementStore store;

    @Inject
    MeasurementRunner runner;

    @Inject
    QuantificationMetrics metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private EventConsumer consumer;
    private EventConsumer studies;

    void start(@Observes @jakarta.annotation.Priority(30) StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        consumer = new EventConsumer(
                "quantification-inference-consumer",
                bootstrap,
                config.consumerGroup(),
                config.inferenceEventsTopic(),
                Set.of(EventType.INFERENCE_COMPLETED),
                this::handle,
                metrics::poison,
                runner::signal);
        studies = new EventConsumer(
                "quantification-study-consumer",
                bootstrap,
                config.consumerGroup(),
                config.studyEventsTopic(),
                Set.of(EventType.STUDY_UPDATED),
                this::labels,
                metrics::poison,
                runner::signal);
    }

    void stop(@Observes ShutdownEvent e) {
        if (consumer != null) {
            consumer.close();
        }
        if (studies != null) {
            studies.close();
        }
    }

    /** Whether a series is a person's labels: a SEG that is not one of Radflow's AI results. */
    static boolean labels(SeriesSummary s) {
        return "SEG".equals(s.modality())
                && (s.seriesDescription() == null || !s.seriesDescription().startsWith("Radflow AI"));
    }

    void labels(CloudEventHeaders ce, EventPayload payload) {
        StudyEvent study = (StudyEvent) payload;
        java.util.Map<String, Integer> series = new java.util.LinkedHashMap<>();
        for (SeriesSummary s : study.series()) {
            if (labels(s)) {
                series.put(s.seriesInstanceUID(), s.numberOfInstances());
            }
        }
        int queued = store.enqueueLabels(ce.id(), ce.type(), study.studyInstanceUID(), series);
        if (queued > 0) {
            LOG.infof(
                    "study %s: body composition queued on the labels of %d SEG series",
                    study.studyInstanceUID(), queued);
        }
    }

    void handle(CloudEventHeaders ce, EventPayload payload) {
        InferenceEvent e = (InferenceEvent) payload;
        if (!config.pipeline().equals(e.pipeline())) {
            return;
        }
        var seg = e.resultInstances().stream()
                .filter(r -> UID.SegmentationStorage.equals(r.sopClassUID()))
                .findFirst()
                .orElse(null);
        if (seg == null) {
            LOG.warnf("study %s: %s completed without a SEG; nothing to measure", e.studyInstanceUID(), e.pipeline());
            store.skip(ce.id(), ce.type(), e.studyInstanceUID());
            return;
        }
        if (store.enqueueFromInference(ce.id(), e, e.resultSeriesInstanceUID(), seg.sopInstanceUID())) {
            LOG.infof("study %s: body composition queued (SEG %s)", e.studyInstanceUID(), seg.sopInstanceUID());
        }
    }
}
