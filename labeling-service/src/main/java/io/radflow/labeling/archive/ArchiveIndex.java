package io.radflow.labeling.archive;

import java.util.List;
import java.util.Optional;

/**
 * Read-only view of the archive index owned by ingest-service: where instances are, and the
 * per-series WADO-RS metadata ingest prepared. The labeling service never writes to it.
 */
public interface ArchiveIndex {

    /** The instances of a study, or of one series when {@code seriesUID} is not null, in series and instance order. */
    List<InstanceLocation> instances(String studyUID, String seriesUID);

    /** One instance, if indexed (and in the given study and series). */
    Optional<InstanceLocation> instance(String studyUID, String seriesUID, String sopUID);

    /** The Series Instance UIDs of a study, in series number order. */
    List<String> series(String studyUID);

    /**
     * The WADO-RS metadata ingest prepared for a series (docs/archive-index.md): the gzip of a DICOM
     * JSON array, one object per instance, BulkDataURIs under ingest's configured retrieve base;
     * while the series is still changing, assembled from the per-instance metadata. Empty when the
     * series is unknown.
     */
    Optional<PreparedMetadata> seriesMetadata(String studyUID, String seriesUID);

    /** The prepared DICOM JSON object of one instance (UTF-8), empty when unknown. */
    Optional<byte[]> instanceMetadata(String studyUID, String seriesUID, String sopUID);

    /**
     * Prepared series metadata.
     *
     * @param json the DICOM JSON array (UTF-8), or null when only {@code gzip} is given
     * @param gzip the gzip of the array, or null
     * @param version changes whenever the series changes (used in the ETag)
     */
    record PreparedMetadata(byte[] json, byte[] gzip, String version) {}
}
