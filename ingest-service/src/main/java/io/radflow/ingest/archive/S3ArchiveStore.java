package io.radflow.ingest.archive;

import io.radflow.service.archive.S3Archive;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collection;

/**
 * The archive in an S3-compatible bucket: objects {@code <prefix><study>/<series>/<sop>.dcm}, the keys
 * of {@link StoragePath#relative()}. An instance is staged in a local file ({@link StagingArea}: the
 * pod's own disk, not shared), its MD5 computed while it is written; {@link PendingObject#rename}
 * uploads it with that MD5 as {@code Content-MD5}, so the server stores it only if the bytes it
 * received are those staged, and returns once the PUT is acknowledged: only then may the sender be
 * told success. A PUT replaces atomically (readers see the old or the new object, never a part);
 * {@link #forceDirectories} has nothing to do. Staging left-overs of a crash are removed at start;
 * the free space that matters for admission ({@link #usableSpace()}) is the staging disk's.
 */
public final class S3ArchiveStore extends StagingArchiveStore {
    private static final int BUFFER = 256 * 1024;

    private final S3Archive s3;

    public S3ArchiveStore(S3Archive s3, Path stagingRoot) throws IOException {
        super(stagingRoot.toAbsolutePath().normalize());
        this.s3 = s3;
    }

    /** The bucket's client. */
    public S3Archive bucket() {
        return s3;
    }

    @Override
    public PendingObject create() throws IOException {
        return new Pending(staging.newPart());
    }

    @Override
    public void forceDirectories(Collection<StoragePath> paths) {
        // an acknowledged PUT is durable: there is no folder to force
    }

    @Override
    public boolean exists(StoragePath path) throws IOException {
        return s3.exists(path.relative());
    }

    @Override
    public InputStream open(StoragePath path) throws IOException {
        return s3.open(path.relative());
    }

    @Override
    public void delete(StoragePath path) throws IOException {
        s3.delete(path.relative());
    }

    @Override
    public URI locationOf(String studyInstanceUID) {
        return s3.location(studyInstanceUID);
    }

    @Override
    public long usableSpace() throws IOException {
        return Files.getFileStore(staging.folder()).getUsableSpace();
    }

    @Override
    public boolean reachable() {
        return s3.reachable();
    }

    @Override
    public String toString() {
        return s3.toString();
    }

    private final class Pending implements PendingObject {
        private final Path part;
        private final FileChannel channel;
        private final MessageDigest md5 = S3Archive.md5();
        private final OutputStream out;
        private byte[] digest;
        private boolean committed;
        private boolean closed;

        Pending(Path part) throws IOException {
            this.part = part;
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), md5), BUFFER);
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public long finish() throws IOException {
            out.flush();
            digest = md5.digest();
            return channel.size();
        }

        @Override
        public Path stagingFile() {
            return part;
        }

        @Override
        public void commit(StoragePath path, boolean replace) throws IOException {
            rename(path, replace);
        }

        @Override
        public void rename(StoragePath path, boolean replace) throws IOException {
            if (digest == null) {
                throw new IllegalStateException("finish() before rename()");
            }
            // the caller serialises writers of one SOP Instance UID (index lock), so no one else creates it meanwhile
            if (!replace && s3.exists(path.relative())) {
                throw new FileAlreadyExistsException(
                        s3.location(path.relative()).toString());
            }
            channel.close();
            s3.put(path.relative(), part, digest);
            committed = true;
            Files.deleteIfExists(part);
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
