package io.radflow.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Configuration of the ingest service (prefix {@code radflow.ingest}). */
@ConfigMapping(prefix = "radflow.ingest")
public interface IngestConfig {

    /** DICOM (DIMSE) receiver. */
    Dicom dicom();

    /** The archive. */
    Archive archive();

    /** What to do with a second instance of a SOP Instance UID whose data set differs. */
    @WithDefault("keep-first")
    DuplicatePolicy duplicatePolicy();

    /** A study is announced when no instance arrived for this long. */
    @WithDefault("10S")
    Duration quietPeriod();

    /**
     * Quiet period per sender: calling AE title (DIMSE) or client address (STOW-RS), e.g. {@code
     * radflow.ingest.quiet-period-by-source."ORTHANC"=5S}.
     */
    Map<String, Duration> quietPeriodBySource();

    /** How often the assembler looks for studies whose quiet period is over. */
    @WithDefault("100MS")
    Duration assemblerInterval();

    /** How often the outbox relay looks for unpublished events (it is also woken after each write). */
    @WithDefault("200MS")
    Duration relayInterval();

    /** DICOMweb root where the archived studies can be retrieved (RetrieveURL, BulkDataURI, events). */
    @WithDefault("http://localhost:8080/dicomweb")
    String retrieveBaseUrl();

    /** Kafka topic of the study events. */
    @WithDefault("radflow.study-events")
    String topic();

    /** DIMSE settings. */
    interface Dicom {
        /** Whether the DICOM listener runs. */
        @WithDefault("true")
        boolean enabled();

        /** Called AE title of the service. */
        @WithDefault("RADFLOW")
        String aeTitle();

        /** Bind address. */
        @WithDefault("127.0.0.1")
        String host();

        /** DICOM port. */
        @WithDefault("11112")
        int port();

        /** Calling AE titles accepted; {@code *} accepts any. */
        @WithDefault("PACS,ORTHANC,STORESCU")
        List<String> acceptedCallingAeTitles();

        /** Concurrent associations (0: unlimited). */
        @WithDefault("50")
        int maxAssociations();
    }

    /** Archive settings. */
    interface Archive {
        /** Root folder of the filesystem archive. */
        @WithDefault("data/archive")
        Path root();

        /** Force files and directories to disk before success (never switch off in production). */
        @WithDefault("true")
        boolean fsync();

        /** Below this free space, associations are refused and stores answer out-of-resources. */
        @WithDefault("1G")
        MemorySize minFreeSpace();
    }

    /** Duplicate policy for a re-sent SOP Instance UID with a different data set. */
    enum DuplicatePolicy {
        /** Refuse the new instance (failure 0111, Duplicate SOP Instance). */
        REJECT,
        /** Keep the stored instance, answer success, report the conflict. */
        KEEP_FIRST,
        /** Replace the stored instance, report the conflict, announce the study as updated. */
        OVERWRITE
    }
}
