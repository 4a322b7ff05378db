package io.radflow.labeling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the DICOMweb server ({@code radflow.dicomweb.*}). */
@ConfigMapping(prefix = "radflow.dicomweb")
public interface DicomWebConfig {

    /**
     * Root folder of ingest's archive; the index's relative instance paths are resolved against
     * it. Read only: labeling never writes there.
     */
    @WithDefault("deploy/local/.state/data/archive")
    Path archiveRoot();

    /**
     * With an S3 archive ({@code radflow.archive.type=s3}): the local folder whose subfolder {@code
     * s3-archive-cache} caches the instances read (emptied at start); empty: the temporary folder.
     */
    Optional<Path> archiveCache();

    /** With an S3 archive: the most bytes the local read cache holds (least recently used files leave first). */
    @WithDefault("10G")
    io.quarkus.runtime.configuration.MemorySize archiveCacheSize();

    /** Base URL of ingest-service; STOW-RS requests are forwarded to {@code <base>/dicomweb/studies}. */
    @WithDefault("http://127.0.0.1:8081")
    URI ingestUrl();

    /** Timeout for a forwarded STOW-RS request (the whole exchange). */
    @WithDefault("10M")
    Duration stowTimeout();

    /** Parsed instance headers (and frame offsets) kept in memory. */
    @WithDefault("20000")
    int instanceCacheSize();

    /** Edge length of thumbnails in pixels. */
    @WithDefault("128")
    int thumbnailSize();

    /** QIDO-RS limit applied when the request gives none, and the largest limit honoured. */
    @WithDefault("1000")
    int maxQueryResults();

    /** Browser headers. */
    Browser browser();

    /** The start-up warm-up of the frame path (issue 23; {@code io.radflow.labeling.warmup.FrameWarmUp}). */
    WarmUp warmUp();

    /**
     * Before readiness turns UP, the service sends itself WADO-RS frame requests over loopback HTTP for a
     * synthetic CT series in a temporary folder (never indexed, never audited, deleted afterwards), so
     * that the first viewer after a start is not served while the JIT compiles the frame path.
     */
    interface WarmUp {
        /** Most frame requests; 0 turns the warm-up off. */
        @WithDefault("4000")
        int requests();

        /** Longest the warm-up may hold readiness back. */
        @WithDefault("5S")
        Duration maxDuration();

        /** Instances of the synthetic series (512² CT slices, 0.5 MB each, parsed again on every pass). */
        @WithDefault("32")
        int instances();
    }

    /** Browser-facing headers. */
    interface Browser {
        /**
         * Send {@code Cross-Origin-Opener-Policy: same-origin} and {@code
         * Cross-Origin-Embedder-Policy: require-corp} (cross-origin isolation, which OHIF's MPR needs
         * for SharedArrayBuffer), plus {@code Cross-Origin-Resource-Policy: cross-origin} on DICOMweb
         * responses so an isolated viewer on another origin can still read them.
         */
        @WithDefault("true")
        boolean crossOriginIsolation();

        /** {@code Cache-Control} max-age of immutable resources (instances, frames, bulk data, rendered). */
        @WithDefault("P365D")
        Duration immutableMaxAge();
    }

    /** Folder of the OHIF viewer's unpacked {@code dist/}; empty: {@code labeling-service/target/ohif/dist}. */
    Optional<Path> viewerDir();
}
