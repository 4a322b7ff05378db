package io.radflow.labeling.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.service.archive.ArchiveSettings;
import io.radflow.service.archive.S3Archive;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The archived files as local paths: ingest's index names each instance by its relative storage path
 * ({@code <study>/<series>/<sop>.dcm}, {@code docs/archive-index.md}).
 *
 * <p>With a filesystem archive that path lies under the shared archive root ({@code
 * radflow.dicomweb.archive-root}) and is read in place. With an S3 archive ({@code radflow.archive.type=s3})
 * each instance is fetched once into a local read cache (folder {@code s3-archive-cache} in {@code radflow.dicomweb.archive-cache}) under a name
 * that includes the index row's {@code updated_at}, so an overwritten instance is a new cache file and every
 * cache keyed by file (parsed headers, ETags) stays right; the download is verified against the MD5 stored
 * with the object. The cache holds at most {@code radflow.dicomweb.archive-cache-size} bytes, least
 * recently used files leaving first; it starts empty. Every reader asks {@link #local} before opening a
 * file, so frame, instance, rendered and export requests read the same bytes from either store.
 */
@ApplicationScoped
public class ArchiveFiles {
    private static final Logger LOG = Logger.getLogger(ArchiveFiles.class);

    private final Path root;
    private final S3Archive s3;
    /** Files in the S3 read cache, weighed in KiB. */
    private final Cache<Path, Long> cached;

    private final ConcurrentHashMap<Path, CompletableFuture<Void>> downloading = new ConcurrentHashMap<>();

    public ArchiveFiles(DicomWebConfig config, ArchiveSettings settings) throws IOException {
        if (settings.type() == ArchiveSettings.Type.S3) {
            this.root = config.archiveCache()
                    .orElse(Path.of(System.getProperty("java.io.tmpdir"), "radflow-labeling"))
                    .toAbsolutePath()
                    .normalize()
                    .resolve("s3-archive-cache");
            deleteTree(root); // a fresh cache (its own subfolder only): nothing in it is trusted after a restart
            Files.createDirectories(root);
            this.s3 = S3Archive.open(settings.s3());
            this.cached = Caffeine.newBuilder()
                    .maximumWeight(Math.max(1, config.archiveCacheSize().asLongValue() / 1024))
                    .<Path, Long>weigher((file, size) -> (int) Math.min(Integer.MAX_VALUE, size / 1024 + 1))
                    .removalListener((Path file, Long size, RemovalCause cause) -> {
                        if (file != null && cause.wasEvicted()) {
                            try {
                                Files.deleteIfExists(file);
                            } catch (IOException e) {
                                LOG.warnf("cannot remove %s from the archive cache: %s", file, e);
                            }
                        }
                    })
                    .build();
            LOG.infof("reading the archive in %s through the cache %s", s3, root);
        } else {
            this.root = config.archiveRoot().toAbsolutePath().normalize();
            this.s3 = null;
            this.cached = null;
        }
    }

    /** Whether the archive is an S3 bucket. */
    public boolean isS3() {
        return s3 != null;
    }

    /** Whether the archive answers now (an S3 bucket's HEAD; a filesystem archive's root folder). */
    public boolean reachable() {
        return s3 != null ? s3.reachable() : Files.isDirectory(root);
    }

    /** The archive, for health data: its root folder or {@code s3://bucket/prefix}. */
    public String describe() {
        return s3 != null ? s3.toString() : root.toString();
    }

    /**
     * The local file of an index row: in the archive root, or (S3) the cache file for this version of it.
     *
     * @throws IllegalArgumentException when the storage path would leave the archive
     */
    public Path fileOf(String storagePath, long updatedAt) {
        String name = storagePath;
        if (s3 != null) {
            if (!storagePath.endsWith(".dcm")) {
                throw new IllegalArgumentException("not an archive path: " + storagePath);
            }
            name = storagePath.substring(0, storagePath.length() - 4) + "." + updatedAt + ".dcm";
        }
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("storage path outside the archive: " + storagePath);
        }
        return file;
    }

    /**
     * The location of the index row under {@code rs}'s cursor, whose first eight columns are {@code study_iuid,
     * series_iuid, sop_iuid, sop_cuid, transfer_syntax_uid, storage_path, instance_number, updated_at}.
     *
     * @throws SQLException also when the storage path would leave the archive
     */
    public InstanceLocation location(ResultSet rs) throws SQLException {
        Timestamp updated = rs.getTimestamp(8);
        long updatedAt = updated == null ? 0 : updated.getTime();
        Path file;
        try {
            file = fileOf(rs.getString(6), updatedAt);
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), e);
        }
        int number = rs.getInt(7);
        Integer instanceNumber = rs.wasNull() ? null : number;
        return new InstanceLocation(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                file,
                instanceNumber,
                updatedAt);
    }

    /**
     * The instance's file, present on the local disk: read in place from a filesystem archive, fetched
     * into the cache from an S3 archive (once, however many requests ask at the same time).
     *
     * @throws UncheckedIOException when the object cannot be fetched (with the store's reason)
     */
    public Path local(InstanceLocation loc) {
        Path file = loc.file();
        if (s3 == null) {
            return file;
        }
        if (cached.getIfPresent(file) != null && Files.exists(file)) {
            return file;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = downloading.putIfAbsent(file, mine);
        if (running != null) {
            try {
                running.join();
                return file;
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u
                        ? u
                        : new UncheckedIOException(new IOException(e.getCause()));
            }
        }
        try {
            if (!Files.exists(file)) {
                s3.download(storagePath(file, loc.updatedAt()), file);
            }
            cached.put(file, Files.size(file));
            mine.complete(null);
            return file;
        } catch (IOException e) {
            UncheckedIOException u = new UncheckedIOException(
                    "cannot read " + loc.sopInstanceUID() + " from the archive: " + e.getMessage(), e);
            mine.completeExceptionally(u);
            throw u;
        } finally {
            downloading.remove(file, mine);
        }
    }

    /**
     * Lets {@link #local} answer a file outside the archive as present (the start-up warm-up's synthetic
     * instances in a temporary folder) until {@link #forget}; a filesystem archive needs nothing.
     */
    public void adopt(Path file) throws IOException {
        if (cached != null) {
            cached.put(file, Files.size(file));
        }
    }

    /** Undoes {@link #adopt} (the file itself stays where it is). */
    public void forget(Path file) {
        if (cached != null) {
            cached.invalidate(file);
        }
    }

    /** The storage path of a cache file made by {@link #fileOf}. */
    private String storagePath(Path file, long updatedAt) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String suffix = "." + updatedAt + ".dcm";
        return rel.substring(0, rel.length() - suffix.length()) + ".dcm";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
