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
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The archive on a local filesystem: {@code <root>/<study>/<series>/<sop>.dcm}. Instances are
 * staged as {@code <root>/.incoming/<random>.part}, forced to disk, renamed atomically to their
 * final path (same filesystem) and the parent directories forced, so a file under its final name is
 * always complete. Staging left-overs of a crash are removed by {@link #removeStaleParts()}.
 */
public final class FileSystemArchiveStore implements ArchiveStore {
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final Path incoming;
    private final boolean fsync;

    public FileSystemArchiveStore(Path root, boolean fsync) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        this.incoming = Files.createDirectories(this.root.resolve(".incoming"));
        this.fsync = fsync;
    }

    public Path root() {
        return root;
    }

    /** Deletes every {@code .part} file in the staging folder; returns how many. */
    public int removeStaleParts() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(".part")) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public PendingObject create() throws IOException {
        return new Pending(incoming.resolve(UUID.randomUUID() + ".part"));
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
            if (fsync) {
                channel.force(true);
            }
            return channel.size();
        }

        @Override
        public Path stagingFile() {
            return part;
        }

        @Override
        public void commit(StoragePath path, boolean replace) throws IOException {
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
            forceDirectory(seriesDir);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            channel.close();
            if (!committed) {
                Files.deleteIfExists(part);
            }
        }
    }
}
