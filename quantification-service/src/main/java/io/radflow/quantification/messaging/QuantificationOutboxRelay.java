package io.radflow.quantification.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.QuantificationEvents;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.quantification.repository.OutboxEvent;
import io.radflow.quantification.service.MeasurementStore;
import io.radflow.service.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes the outbox's quantification events to {@value QuantificationEvents#TOPIC} (service-commons {@link OutboxRelay}). */
@ApplicationScoped
public class QuantificationOutboxRelay {
    @Inject
    MeasurementStore store;

    @Inject
    QuantificationConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private OutboxRelay relay;

    void start(@Observes StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        relay = new OutboxRelay(
                "quantification-outbox-relay",
                bootstrap,
                QuantificationEvents.TOPIC,
                QuantificationEvents.SOURCE,
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

    /** Wakes the relay. */
    public void signal() {
        if (relay != null) {
            relay.signal();
        }
    }
}
