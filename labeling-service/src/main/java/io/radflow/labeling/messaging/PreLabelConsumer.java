package io.radflow.labeling.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.data.UID;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventPayload;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvent;
import io.radflow.labeling.api.ApiException;
import io.radflow.labeling.labels.LabelSegmentations;
import io.radflow.labeling.labels.LabelSet;
import io.radflow.service.messaging.EventConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * AI pre-labels: consumes {@code radflow.inference.completed} (consumer group {@code
 * radflow-labeling}) and imports each result SEG as version 1 of a label set on its source series
 * (source = the model's id and version), ready for an annotator to correct. One label set per SEG
 * (the SEG's SOP Instance UID is unique among imports), so a redelivered event changes nothing. A SEG
 * that cannot be imported (not readable, not fitting its series) is logged and skipped; a database
 * outage makes the event be read again.
 */
@ApplicationScoped
public class PreLabelConsumer {
    private static final Logger LOG = Logger.getLogger(PreLabelConsumer.class);
    /** The author of imported pre-labels. */
    public static final String AUTHOR = "inference-service";

    private final LabelSegmentations segmentations;
    private final boolean enabled;
    private final String bootstrap;
    private final String group;
    private final String topic;
    private final Counter imported;
    private final Counter skipped;
    private final Counter poison;
    private EventConsumer consumer;

    public PreLabelConsumer(
            LabelSegmentations segmentations,
            MeterRegistry registry,
            @ConfigProperty(name = "radflow.labeling.pre-labels.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "radflow.labeling.consumer-group", defaultValue = "radflow-labeling") String group,
            @ConfigProperty(name = "radflow.labeling.inference-events-topic", defaultValue = "radflow.inference-events")
                    String topic) {
        this.segmentations = segmentations;
        this.enabled = enabled;
        this.bootstrap = bootstrap;
        this.group = group;
        this.topic = topic;
        this.imported = registry.counter("radflow.labeling.prelabels", "outcome", "imported");
        this.skipped = registry.counter("radflow.labeling.prelabels", "outcome", "skipped");
        this.poison = registry.counter("radflow.labeling.prelabels", "outcome", "poison");
    }

    void start(@Observes @jakarta.annotation.Priority(40) StartupEvent e) {
        if (enabled) {
            consumer = new EventConsumer(
                    "labeling-prelabel-consumer",
                    bootstrap,
                    group,
                    topic,
                    Set.of(EventType.INFERENCE_COMPLETED),
                    this::handle,
                    poison::increment,
                    () -> {});
        }
    }

    void stop(@Observes ShutdownEvent e) {
        if (consumer != null) {
            consumer.close();
        }
    }

    void handle(CloudEventHeaders ce, EventPayload payload) {
        InferenceEvent e = (InferenceEvent) payload;
        for (InferenceEvent.ResultInstance r : e.resultInstances()) {
            if (!UID.SegmentationStorage.equals(r.sopClassUID())) {
                continue;
            }
            try {
                Map.Entry<LabelSet, Boolean> set = segmentations.importSeg(
                        e.studyInstanceUID(), e.resultSeriesInstanceUID(), r.sopInstanceUID(), AUTHOR);
                if (set.getValue()) {
                    imported.increment();
                    LOG.infof(
                            "study %s: pre-labels of %s %s imported as label set %d",
                            e.studyInstanceUID(), e.modelId(), e.modelVersion(), set.getKey().id);
                }
            } catch (ApiException | IllegalArgumentException x) {
                // the SEG is not in the archive, not readable, does not fit its series, or has segments a
                // label set cannot hold: reading the event again would not change that, so it is skipped
                // (a database outage is another exception: the event is read again)
                skipped.increment();
                LOG.warnf(
                        "study %s: SEG %s of %s not imported as pre-labels: %s",
                        e.studyInstanceUID(), r.sopInstanceUID(), e.modelId(), x.getMessage());
            } catch (java.io.UncheckedIOException x) {
                if (!(x.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw x; // the archive cannot be read now (a store outage): the event is read again
                }
                // the index names the SEG but the archive has no file or object for it: permanent, so skipped
                // rather than read again forever (which would hold up every later event of the partition)
                skipped.increment();
                LOG.warnf(
                        "study %s: SEG %s of %s not imported as pre-labels: indexed but missing from the archive: %s",
                        e.studyInstanceUID(), r.sopInstanceUID(), e.modelId(), x.getMessage());
            }
        }
    }
}
