package io.radflow.ingest.config;

import io.radflow.ingest.config.IngestConfig.DuplicatePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The settings that operations may change while the service runs (initialised from {@link
 * IngestConfig}): duplicate policy, free-space watermark, quiet periods.
 */
@ApplicationScoped
public class IngestSettings {
    private final IngestConfig config;
    private volatile DuplicatePolicy duplicatePolicy;
    private volatile long minFreeBytes;
    private volatile Duration quietPeriod;

    IngestSettings(IngestConfig config) {
        this.config = config;
        this.duplicatePolicy = config.duplicatePolicy();
        this.minFreeBytes = config.archive().minFreeSpace().asLongValue();
        this.quietPeriod = config.quietPeriod();
    }

    public DuplicatePolicy duplicatePolicy() {
        return duplicatePolicy;
    }

    public void setDuplicatePolicy(DuplicatePolicy policy) {
        this.duplicatePolicy = policy;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    public void setMinFreeBytes(long bytes) {
        this.minFreeBytes = bytes;
    }

    public void setQuietPeriod(Duration d) {
        this.quietPeriod = d;
    }

    /** The quiet period of a sender (calling AE title, or the STOW client: the token's {@code azp}). */
    public Duration quietPeriod(String sourceName) {
        Duration d = config.quietPeriodBySource().get(sourceName);
        return d != null ? d : quietPeriod;
    }
}
