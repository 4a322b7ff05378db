package io.radflow.ingest.archive;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.radflow.ingest.config.IngestSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * The free-space watermark: below {@link IngestSettings#minFreeBytes()} new associations are
 * refused and stores answer out-of-resources (A700 / HTTP 503) before reading the data set. The
 * free space is read at most every 500 ms; the gauge {@code radflow_ingest_disk_free_bytes}
 * shows it.
 */
@ApplicationScoped
public class DiskSpaceGuard {
    private final ArchiveStore archive;
    private final IngestSettings settings;
    private volatile long checkedAt;
    private volatile long free = Long.MAX_VALUE;

    DiskSpaceGuard(ArchiveStore archive, IngestSettings settings, MeterRegistry registry) {
        this.archive = archive;
        this.settings = settings;
        Gauge.builder("radflow.ingest.disk.free", this, DiskSpaceGuard::freeBytes)
                .baseUnit("bytes")
                .description("free space of the archive")
                .register(registry);
    }

    /** Free bytes of the archive (cached for 500 ms); 0 when it cannot be read. */
    public long freeBytes() {
        long now = System.nanoTime();
        if (now - checkedAt > 500_000_000L || checkedAt == 0) {
            try {
                free = archive.usableSpace();
            } catch (IOException e) {
                free = 0;
            }
            checkedAt = now;
        }
        return free;
    }

    /** Whether there is room for new instances. */
    public boolean hasRoom() {
        return freeBytes() >= settings.minFreeBytes();
    }
}
