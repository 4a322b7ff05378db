package io.radflow.inference.health;

import io.radflow.inference.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: UP when at least one model is loaded; the data lists them, their providers and failures. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {
    @Inject
    ModelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("models").status(!registry.models().isEmpty());
        registry.models()
                .forEach(m -> b.withData(
                        m.id(), m.manifest().version() + " on " + m.provider().name()));
        registry.failures().forEach(f -> b.withData(f.modelId(), "not loaded: " + f.message()));
        if (registry.loadError() != null) {
            b.withData("error", registry.loadError());
        }
        return b.build();
    }
}
