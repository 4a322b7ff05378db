package io.radflow.ingest.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One instance being written: a staging {@code .part} file. Write it through {@link #output()},
 * then {@link #finish()} (flushes it and starts forcing it to disk in the background), read it back
 * through {@link #stagingFile()} if needed, and {@link #commit} it under its final path, or {@link
 * #close()} it without commit to discard it. {@link #commit} is {@link #rename} (waits for the file
 * to be on disk, then renames atomically) plus {@link ArchiveStore#forceDirectories} of its folder;
 * callers that commit several objects at once rename each and force the folders once (group
 * commit).
 */
public interface PendingObject extends Closeable {

    /** The stream to write the Part 10 file to (buffered; not to be closed by the caller). */
    OutputStream output();

    /**
     * Flushes the staged bytes and starts forcing them to disk (in the background, so that parsing,
     * validation and the index queries overlap with it); returns the size in bytes.
     */
    long finish() throws IOException;

    /** The local staging file (complete after {@link #finish()}). */
    Path stagingFile();

    /**
     * Makes the object durable under {@code path}: {@link #rename}, then its folder forced.
     *
     * @throws java.nio.file.FileAlreadyExistsException when an object exists and not {@code replace}
     */
    void commit(StoragePath path, boolean replace) throws IOException;

    /**
     * Waits until the staged bytes are on disk, then renames the object atomically to {@code path}
     * (replacing an existing object only when {@code replace}); new parent folders are forced. The
     * new name is durable only after {@link ArchiveStore#forceDirectories} of {@code path}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when an object exists and not {@code replace}
     */
    void rename(StoragePath path, boolean replace) throws IOException;

    /** Discards the staging file unless committed. */
    @Override
    void close() throws IOException;
}
