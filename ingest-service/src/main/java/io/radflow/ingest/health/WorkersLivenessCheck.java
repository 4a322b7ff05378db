package io.radflow.ingest.health;

import io.radflow.ingest.assembly.StudyAssembler;
import io.radflow.ingest.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the two background workers that turn stored instances into events: the study assembler and
 * the outbox relay. Each survives PostgreSQL and Kafka outages by retrying; if one has died all the same
 * (an {@link Error} in its thread), no event would ever be published again while every other check stays
 * UP, so liveness goes DOWN and the orchestrator restarts the service (the outbox keeps what was waiting).
 */
@Liveness
@ApplicationScoped
public class WorkersLivenessCheck implements HealthCheck {
    private final StudyAssembler assembler;
    private final OutboxRelay relay;

    WorkersLivenessCheck(StudyAssembler assembler, OutboxRelay relay) {
        this.assembler = assembler;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        boolean a = assembler.alive();
        boolean r = relay.alive();
        return HealthCheckResponse.named("Ingest background workers")
                .status(a && r)
                .withData("studyAssembler", a ? "running" : "stopped")
                .withData("outboxRelay", r ? "running" : "stopped")
                .build();
    }
}
