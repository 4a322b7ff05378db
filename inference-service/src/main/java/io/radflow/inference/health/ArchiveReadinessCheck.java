package io.radflow.inference.health;

import io.radflow.inference.dicomweb.ArchiveLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while the last request to the DICOMweb source or to the STOW-RS target failed in
 * a way a retry may cure (the jobs wait for their retries meanwhile; nothing is dropped); the data
 * names each endpoint, since when it is down and the last error.
 */
@Readiness
@ApplicationScoped
public class ArchiveReadinessCheck implements HealthCheck {
    @Inject
    ArchiveLinks links;

    @Override
    public HealthCheckResponse call() {
        ArchiveLinks.State source = links.source().state();
        ArchiveLinks.State target = links.target().state();
        var b = HealthCheckResponse.named("dicomweb").status(source.up() && target.up());
        describe(b, "source", source);
        describe(b, "target", target);
        return b.build();
    }

    private static void describe(
            org.eclipse.microprofile.health.HealthCheckResponseBuilder b, String name, ArchiveLinks.State s) {
        b.withData(name, s.url());
        if (!s.up()) {
            b.withData(name + " down since", s.downSince().toString());
            b.withData(name + " error", String.valueOf(s.lastError()));
        }
    }
}
