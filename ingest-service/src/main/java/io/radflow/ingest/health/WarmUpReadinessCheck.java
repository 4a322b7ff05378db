package io.radflow.ingest.health;

import io.radflow.ingest.receive.StartupWarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness waits for the start-up warm-up ({@link StartupWarmUp}), which ends within its maximum duration. */
@Readiness
@ApplicationScoped
public class WarmUpReadinessCheck implements HealthCheck {
    private final StartupWarmUp warmUp;

    WarmUpReadinessCheck(StartupWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Start-up warm-up")
                .status(warmUp.done())
                .withData("instances", warmUp.rehearsed())
                .build();
    }
}
