package io.radflow.labeling.archive;

import java.nio.file.Path;

/**
 * Where one archived instance is, as ingest's index says.
 *
 * @param studyInstanceUID Study Instance UID
 * @param seriesInstanceUID Series Instance UID
 * @param sopInstanceUID SOP Instance UID
 * @param sopClassUID SOP Class UID
 * @param transferSyntaxUID the transfer syntax the file is stored in
 * @param file the Part 10 file (absolute, inside the archive root)
 * @param instanceNumber Instance Number, or {@code null}
 * @param updatedAt when the index row last changed (epoch ms): a new value means new file content
 */
public record InstanceLocation(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String sopClassUID,
        String transferSyntaxUID,
        Path file,
        Integer instanceNumber,
        long updatedAt) {}
