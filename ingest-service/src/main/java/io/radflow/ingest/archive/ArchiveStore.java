package io.radflow.ingest.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Durable storage of instance files, addressed by {@link StoragePath}. An instance is first
 * written to a {@link PendingObject} (a staging {@code .part} file), then made durable and visible
 * under its final path by {@link PendingObject#commit}; only then may the sender be told success.
 * The filesystem implementation is {@link FileSystemArchiveStore}; an S3-compatible store can
 * implement the same contract (stage locally, upload, then commit).
 */
public interface ArchiveStore {

    /** A new staging object to write one instance into. */
    PendingObject create() throws IOException;

    /**
     * Makes the renames of {@link PendingObject#rename} to these paths durable: each distinct folder
     * is forced once, however many objects were renamed into it (group commit).
     */
    void forceDirectories(java.util.Collection<StoragePath> paths) throws IOException;

    /** Whether a committed object exists at {@code path}. */
    boolean exists(StoragePath path) throws IOException;

    /** Reads a committed object. */
    InputStream open(StoragePath path) throws IOException;

    /** Removes a committed object (used only to undo a commit whose index transaction failed). */
    void delete(StoragePath path) throws IOException;

    /** Where a study's instances can be read (URI of its folder / prefix). */
    URI locationOf(String studyInstanceUID);

    /** Bytes still available to the store, or {@link Long#MAX_VALUE} when unbounded. */
    long usableSpace() throws IOException;

    /** Whether the store answers now (readiness): an object store can be unreachable while the process runs. */
    default boolean reachable() {
        return true;
    }
}
