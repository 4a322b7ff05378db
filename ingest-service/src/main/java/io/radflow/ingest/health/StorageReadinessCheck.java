package io.radflow.ingest.health;

import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.DiskSpaceGuard;
import io.radflow.ingest.config.IngestSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the archive: its free space (of the staging disk, for an S3 archive) is above the watermark and
 * the store answers (an S3 bucket's HEAD succeeds). PostgreSQL and Kafka have their own checks.
 */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {
    private final DiskSpaceGuard disk;
    private final IngestSettings settings;
    private final ArchiveStore archive;

    StorageReadinessCheck(DiskSpaceGuard disk, IngestSettings settings, ArchiveStore archive) {
        this.disk = disk;
        this.settings = settings;
        this.archive = archive;
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable = archive.reachable();
        return HealthCheckResponse.named("Archive storage")
                .status(disk.hasRoom() && reachable)
                .withData("store", archive.toString())
                .withData("reachable", reachable)
                .withData("freeBytes", disk.freeBytes())
                .withData("minFreeBytes", settings.minFreeBytes())
                .build();
    }
}
