package io.radflow.inference.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.InferenceEvents;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.inference.repository.OutboxEvent;
import io.radflow.inference.service.JobStore;
import io.radflow.service.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the outbox's inference events to {@value InferenceEvents#TOPIC} (service-commons {@link
 * OutboxRelay}: key StudyInstanceUID, CloudEvents headers, the outbox id as ce_id, nothing lost while
 * Kafka is down).
 */
@ApplicationScoped
public class InferenceOutboxRelay {
    @Inject
    JobStore store;

    @Inject
    InferenceConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private OutboxRelay relay;

    void start(@Observes StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        relay = new OutboxRelay(
                "inference-outbox-relay",
                bootstrap,
                InferenceEvents.TOPIC,
                InferenceEvents.SOURCE,
                OutboxRelay.Store.of(
                        store::unpublished,
                        (OutboxEvent o) -> OutboxRelay.pending(o.id, o.eventType, o.eventKey, o.payload, o.createdAt),
                        store::published));
    }

    void stop(@Observes ShutdownEvent e) {
        if (relay != null) {
            relay.close();
        }
    }

    /** Wakes the relay (an event was written). */
    public void signal() {
        if (relay != null) {
            relay.signal();
        }
    }
}
