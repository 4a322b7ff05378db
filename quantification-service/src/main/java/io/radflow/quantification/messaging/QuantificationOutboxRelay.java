package io.radflow.quantification.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.EventType;
import io.radflow.events.QuantificationEvents;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.quantification.service.MeasurementStore;
import io.radflow.service.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
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
                new OutboxRelay.Store() {
                    @Override
                    public List<OutboxRelay.Pending> unpublished(int limit) {
                        return store.unpublished(limit).stream()
                                .map(o -> new OutboxRelay.Pending(
                                        o.id,
                                        EventType.of(o.eventType),
                                        o.eventKey,
                                        o.payload.getBytes(StandardCharsets.UTF_8),
                                        o.createdAt))
                                .toList();
                    }

                    @Override
                    public void published(List<UUID> ids) {
                        store.published(ids);
                    }
                });
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
