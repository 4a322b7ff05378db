package io.radflow.ingest.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The archive on a local filesystem: {@code <root>/<study>/<series>/<sop>.dcm}. Instances are
 * staged as {@code <root>/.incoming/<store id>/<random>.part}, forced to disk, renamed atomically to their
 * final path (same filesystem) and the parent directories forced, so a file under its final name is
 * always complete. Staging folders are one per store and process ({@link StagingArea}), so several
 * replicas can share one archive (a network filesystem with POSIX locks, e.g. NFSv4). The
 * force of a staged file runs on a virtual thread from {@link PendingObject#finish()} on, so that it
 * overlaps with parsing and indexing; {@link #forceDirectories} forces each folder once for a group
 * of renames.
 */
public final class FileSystemArchiveStore extends StagingArchiveStore {
    private static final int BUFFER = 256 * 1024;

    /** The lock file of a staging folder. */
    static final String OWNER = StagingArea.OWNER;

    private final Path root;

    private final boolean fsync;
    private final ExecutorService syncer = Executors.newVirtualThreadPerTaskExecutor();

    public FileSystemArchiveStore(Path root, boolean fsync) throws IOException {
        super(Files.createDirectories(root.toAbsolutePath().normalize()).resolve(".incoming"));
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
    }

    @Override
    public String toString() {
        return root.toString();
    }

    public Path root() {
        return root;
    }

    @Override
    public PendingObject create() throws IOException {
        return new Pending(staging.newPart());
    }

    /** The file of a committed object. */
    public Path file(StoragePath path) {
        return root.resolve(path.studyInstanceUID())
                .resolve(path.seriesInstanceUID())
                .resolve(path.sopInstanceUID() + ".dcm");
    }

    @Override
    public boolean exists(StoragePath path) {
        return Files.isRegularFile(file(path));
    }

    @Override
    public InputStream open(StoragePath path) throws IOException {
        return Files.newInputStream(file(path));
    }

    @Override
    public void delete(StoragePath path) throws IOException {
        Files.deleteIfExists(file(path));
    }

    @Override
    public URI locationOf(String studyInstanceUID) {
        return root.resolve(studyInstanceUID).toUri();
    }

    @Override
    public long usableSpace() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    @Override
    public void forceDirectories(Collection<StoragePath> paths) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (StoragePath p : paths) {
            dirs.add(file(p).getParent());
        }
        for (Path d : dirs) {
            forceDirectory(d);
        }
    }

    private void forceDirectory(Path dir) throws IOException {
        if (fsync) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    private final class Pending implements PendingObject {
        private final Path part;
        private final FileChannel channel;
        private final OutputStream out;
        private CompletableFuture<Void> forced;
        private boolean committed;
        private boolean closed;

        Pending(Path part) throws IOException {
            this.part = part;
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public long finish() throws IOException {
            out.flush();
            long size = channel.size();
            if (fsync) {
                forced = CompletableFuture.runAsync(
                        () -> {
                            try {
                                channel.force(true);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        syncer);
            }
            return size;
        }

        /** Waits for the background force of {@link #finish()}. */
        private void awaitForced() throws IOException {
            if (forced == null) {
                return;
            }
            try {
                forced.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                throw c instanceof IOException io ? io : new IOException("cannot force " + part, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while forcing " + part);
            }
        }

        @Override
        public Path stagingFile() {
            return part;
        }

        @Override
        public void commit(StoragePath path, boolean replace) throws IOException {
            rename(path, replace);
            forceDirectory(file(path).getParent());
        }

        @Override
        public void rename(StoragePath path, boolean replace) throws IOException {
            awaitForced();
            Path target = file(path);
            Path seriesDir = target.getParent();
            Path studyDir = seriesDir.getParent();
            boolean newStudyDir = !Files.isDirectory(studyDir);
            boolean newSeriesDir = !Files.isDirectory(seriesDir);
            Files.createDirectories(seriesDir);
            if (newStudyDir) {
                forceDirectory(root);
            }
            if (newSeriesDir) {
                forceDirectory(studyDir);
            }
            channel.close();
            try {
                if (replace) {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // ATOMIC_MOVE may replace silently on POSIX: check first; the caller serialises
                    // writers of one SOP Instance UID (index lock), so no one else creates it meanwhile.
                    if (Files.exists(target)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("archive filesystem cannot rename atomically: " + root, e);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (forced != null) {
                forced.handle((v, e) -> null).join(); // never close the channel under a running force
            }
            channel.close();
            if (!committed) {
                Files.deleteIfExists(part);
            }
        }
    }
}
