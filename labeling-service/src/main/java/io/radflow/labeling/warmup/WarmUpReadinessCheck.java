package io.radflow.labeling.warmup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness waits for the start-up warm-up of the frame path ({@link FrameWarmUp}), which ends within its maximum duration. */
@Readiness
@ApplicationScoped
public class WarmUpReadinessCheck implements HealthCheck {
    private final FrameWarmUp warmUp;

    WarmUpReadinessCheck(FrameWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Start-up warm-up")
                .status(warmUp.done())
                .withData("frameRequests", warmUp.requests())
                .build();
    }
}
