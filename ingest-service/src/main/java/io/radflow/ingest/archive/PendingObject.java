package io.radflow.ingest.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One instance being written: a staging {@code .part} file. Write it through {@link #output()},
 * then {@link #finish()} (forces it to disk), read it back through {@link #stagingFile()} if
 * needed, and {@link #commit} it under its final path, or {@link #close()} it without commit to
 * discard it.
 */
public interface PendingObject extends Closeable {

    /** The stream to write the Part 10 file to (buffered; not to be closed by the caller). */
    OutputStream output();

    /** Flushes and forces the staged bytes to disk; returns the size in bytes. */
    long finish() throws IOException;

    /** The local staging file (complete after {@link #finish()}). */
    Path stagingFile();

    /**
     * Makes the object durable under {@code path}: atomic rename (replacing an existing object
     * only when {@code replace}), then the directories forced.
     *
     * @throws java.nio.file.FileAlreadyExistsException when an object exists and not {@code replace}
     */
    void commit(StoragePath path, boolean replace) throws IOException;

    /** Discards the staging file unless committed. */
    @Override
    void close() throws IOException;
}
