package io.radflow.ingest.health;

import io.radflow.ingest.archive.DiskSpaceGuard;
import io.radflow.ingest.config.IngestSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the archive: its free space is above the watermark (PostgreSQL and Kafka have their own checks). */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {
    private final DiskSpaceGuard disk;
    private final IngestSettings settings;

    StorageReadinessCheck(DiskSpaceGuard disk, IngestSettings settings) {
        this.disk = disk;
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Archive storage")
                .status(disk.hasRoom())
                .withData("freeBytes", disk.freeBytes())
                .withData("minFreeBytes", settings.minFreeBytes())
                .build();
    }
}
