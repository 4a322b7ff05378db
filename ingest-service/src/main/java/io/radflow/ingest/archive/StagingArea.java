package io.radflow.ingest.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where a store stages the instances it receives: {@code <incoming>/<store id>/<random>.part}. Each
 * store (each service process) stages in a folder of its own and holds a lock on its {@value #OWNER}
 * file for as long as it lives (the operating system releases it when the process ends, even by
 * {@code kill -9}). Staging left-overs of a crash are removed by {@link #removeStaleParts()}, which
 * only touches folders whose lock it can take: several replicas can share one {@code incoming} folder
 * (a network filesystem with POSIX locks, e.g. NFSv4) without one's start deleting what another is
 * receiving.
 */
final class StagingArea {
    /** The lock file of a staging folder. */
    static final String OWNER = ".owner";

    private final Path incoming;
    private final Path folder;
    /** Kept open for the store's life: its lock tells other processes that this staging folder is in use. */
    private final FileChannel ownerChannel;

    StagingArea(Path incoming) throws IOException {
        this.incoming = Files.createDirectories(incoming);
        this.folder = Files.createDirectory(incoming.resolve(UUID.randomUUID().toString()));
        this.ownerChannel =
                FileChannel.open(folder.resolve(OWNER), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (ownerChannel.tryLock() == null) {
            ownerChannel.close();
            throw new IOException("cannot lock the new staging folder " + folder);
        }
        ownerChannel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + hostName() + "\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** This store's staging folder. */
    Path folder() {
        return folder;
    }

    /** A new, not yet existing staging file name. */
    Path newPart() {
        return folder.resolve(UUID.randomUUID() + ".part");
    }

    /**
     * Removes the staging left-overs of stores that no longer run: every staging folder (other than this
     * store's) whose lock can be taken, with its {@code .part} files, and {@code .part} files directly in
     * {@code incoming} (written before staging folders had owners). Folders locked by a running process are
     * left alone. Returns how many {@code .part} files were deleted.
     */
    int removeStaleParts() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    if (!p.equals(folder)) {
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
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return 0; // another store of this process owns it
            }
            if (lock == null) {
                return 0; // another process owns it
            }
            return deleteFolder(dir);
        } catch (NoSuchFileException e) {
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
}
