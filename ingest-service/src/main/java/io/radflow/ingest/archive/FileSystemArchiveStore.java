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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The archive on a local filesystem: {@code <root>/<study>/<series>/<sop>.dcm}. Instances are
 * staged as {@code <root>/.incoming/<store id>/<random>.part}, forced to disk, renamed atomically to their
 * final path (same filesystem) and the parent directories forced, so a file under its final name is
 * always complete.
 *
 * <p>Each store (each service process) stages in a folder of its own and holds a lock on its {@value
 * #OWNER} file for as long as it lives (the operating system releases it when the process ends, even by
 * {@code kill -9}). Staging left-overs of a crash are removed by {@link #removeStaleParts()}, which only
 * touches folders whose lock it can take: several replicas can share one archive (a network filesystem with
 * POSIX locks, e.g. NFSv4) without one's start deleting what another is receiving. The
 * force of a staged file runs on a virtual thread from {@link PendingObject#finish()} on, so that it
 * overlaps with parsing and indexing; {@link #forceDirectories} forces each folder once for a group
 * of renames.
 */
public final class FileSystemArchiveStore implements ArchiveStore {
    private static final int BUFFER = 256 * 1024;

    /** The lock file of a staging folder. */
    static final String OWNER = ".owner";

    private final Path root;
    private final Path incoming;
    private final Path staging;
    /** Kept open for the store's life: its lock tells other processes that this staging folder is in use. */
    private final FileChannel ownerChannel;

    private final boolean fsync;
    private final ExecutorService syncer = Executors.newVirtualThreadPerTaskExecutor();

    public FileSystemArchiveStore(Path root, boolean fsync) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        this.incoming = Files.createDirectories(this.root.resolve(".incoming"));
        this.staging = Files.createDirectory(incoming.resolve(UUID.randomUUID().toString()));
        this.ownerChannel =
                FileChannel.open(staging.resolve(OWNER), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (ownerChannel.tryLock() == null) {
            ownerChannel.close();
            throw new IOException("cannot lock the new staging folder " + staging);
        }
        ownerChannel.write(
                java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + hostName() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        this.fsync = fsync;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    public Path root() {
        return root;
    }

    /** This store's staging folder. */
    Path staging() {
        return staging;
    }

    /**
     * Removes the staging left-overs of stores that no longer run: every staging folder (other than this
     * store's) whose lock can be taken, with its {@code .part} files, and {@code .part} files directly in
     * {@code .incoming} (written before staging folders had owners). Folders locked by a running process are
     * left alone. Returns how many {@code .part} files were deleted.
     */
    public int removeStaleParts() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    if (!p.equals(staging)) {
                        n += removeIfAbandoned(p);
                    }
                } else if (p.getFileName().toString().endsWith(".part")) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    /** Deletes a staging folder whose owner has ended (its lock is free); returns the {@code .part} files deleted. */
    private static int removeIfAbandoned(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER);
        if (!Files.exists(owner)) {
            // a store creating its folder right now has not created its lock file yet: leave it unless old
            if (Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000) {
                return 0;
            }
            return deleteFolder(dir);
        }
        try (FileChannel ch = FileChannel.open(owner, StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                return 0; // another store of this process owns it
            }
            if (lock == null) {
                return 0; // another process owns it
            }
            return deleteFolder(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // removed meanwhile by another replica
        }
    }

    private static int deleteFolder(Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (f.getFileName().toString().endsWith(".part")) {
                    n++;
                }
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
        return n;
    }

    @Override
    public PendingObject create() throws IOException {
        return new Pending(staging.resolve(UUID.randomUUID() + ".part"));
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
