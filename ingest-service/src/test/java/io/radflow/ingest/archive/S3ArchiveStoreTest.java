package io.radflow.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.devstack.S3ProxyServer;
import io.radflow.service.archive.S3Archive;
import io.radflow.testsupport.S3ProxyResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 archive store against a real S3 API server (s3proxy, filesystem backend) on loopback. */
class S3ArchiveStoreTest {
    static final String BUCKET = "ingest-store-test";
    static final String PREFIX = "site-a";

    static S3Archive bucket;

    @TempDir
    Path stagingRoot;

    @BeforeAll
    static void connect() throws IOException {
        bucket = S3Archive.open(TestBuckets.settings(BUCKET, PREFIX, true));
    }

    @AfterAll
    static void disconnect() {
        bucket.close();
    }

    @Test
    void anObjectIsInTheBucketOnlyOnceCommittedUnderItsArchivePath() throws IOException {
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.5");
        byte[] content = randomBytes(700_000, 1);
        try (PendingObject p = store.create()) {
            p.output().write(content);
            assertThat(p.finish()).isEqualTo(content.length);
            assertThat(p.stagingFile()).startsWith(stagingRoot).hasBinaryContent(content);
            assertThat(store.exists(path)).isFalse();
            p.commit(path, false);
            assertThat(p.stagingFile()).as("staged copy removed once uploaded").doesNotExist();
        }
        assertThat(store.exists(path)).isTrue();
        try (InputStream in = store.open(path)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        // the object lies under the prefix, as s3proxy's filesystem backend shows it
        assertThat(S3ProxyResource.server().bucketsDir().resolve(BUCKET).resolve("site-a/1.2.3/1.2.3.4/1.2.3.4.5.dcm"))
                .hasBinaryContent(content);
        assertThat(store.locationOf("1.2.3")).hasToString("s3://" + BUCKET + "/site-a/1.2.3/");
        assertThat(stagingFiles(store)).isEmpty();

        store.delete(path);
        assertThat(store.exists(path)).isFalse();
        assertThatThrownBy(() -> store.open(path)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anExistingObjectIsReplacedOnlyWhenAsked() throws IOException {
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.6");
        commit(store, path, "first", false);
        try (PendingObject p = store.create()) {
            p.output().write("second".getBytes(StandardCharsets.US_ASCII));
            p.finish();
            assertThatThrownBy(() -> p.commit(path, false)).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(read(store, path)).isEqualTo("first");
        commit(store, path, "third", true);
        assertThat(read(store, path)).isEqualTo("third");
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void bytesThatChangedAfterStagingAreRefusedByTheServer() throws IOException {
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.7");
        try (PendingObject p = store.create()) {
            p.output().write(randomBytes(10_000, 2));
            p.finish();
            // a bit flips on the staging disk between the write (MD5 computed) and the upload
            byte[] staged = Files.readAllBytes(p.stagingFile());
            staged[5000] ^= 1;
            Files.write(p.stagingFile(), staged);
            assertThatThrownBy(() -> p.commit(path, false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("BadDigest");
        }
        assertThat(store.exists(path)).as("nothing stored").isFalse();
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void aDownloadVerifiesTheStoredMd5() throws IOException {
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.8");
        byte[] content = randomBytes(50_000, 3);
        try (PendingObject p = store.create()) {
            p.output().write(content);
            p.finish();
            p.commit(path, false);
        }
        Path copy = stagingRoot.resolve("copy/1.dcm");
        bucket.download(path.relative(), copy);
        assertThat(copy).hasBinaryContent(content);

        // the object rots on the server's disk: the next download notices
        Path onDisk = S3ProxyResource.server().bucketsDir().resolve(BUCKET).resolve(bucket.key(path.relative()));
        content[100] ^= 1;
        Files.write(onDisk, content);
        Path second = stagingRoot.resolve("copy/2.dcm");
        assertThatThrownBy(() -> bucket.download(path.relative(), second))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is corrupt");
        assertThat(second).doesNotExist();
        try (Stream<Path> s = Files.list(second.getParent())) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactly("1.dcm");
        }
    }

    @Test
    void withTheObjectStoreDownACommitFailsAndNothingIsReportedStored() throws IOException {
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        StoragePath stored = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.9");
        commit(store, stored, "before", false);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.10");
        S3ProxyServer server = S3ProxyResource.server();
        server.kill();
        try {
            try (PendingObject p = store.create()) {
                p.output().write("during".getBytes(StandardCharsets.US_ASCII));
                p.finish();
                assertThatThrownBy(() -> p.commit(path, true))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("PUT " + BUCKET + "/site-a/1.2.3/1.2.3.4/1.2.3.4.10");
            }
            assertThat(bucket.reachable()).isFalse();
        } finally {
            S3ProxyResource.server(); // restarts it, keeping the objects
        }
        assertThat(bucket.reachable()).isTrue();
        assertThat(store.exists(path)).isFalse();
        assertThat(read(store, stored)).isEqualTo("before");
        commit(store, path, "after", false);
        assertThat(read(store, path)).isEqualTo("after");
    }

    @Test
    void stagingLeftOversOfAnEndedStoreAreRemovedAtStart() throws IOException {
        Path ended = Files.createDirectories(stagingRoot.resolve("ended-store"));
        Files.writeString(ended.resolve(StagingArea.OWNER), "pid 1");
        Files.writeString(ended.resolve("a.part"), "half an instance");
        S3ArchiveStore store = new S3ArchiveStore(bucket, stagingRoot);
        assertThat(store.removeStaleParts()).isEqualTo(1);
        assertThat(ended).doesNotExist();
        assertThat(store.usableSpace()).isPositive().isLessThan(Long.MAX_VALUE);
    }

    @Test
    void aMissingBucketIsACleanStartFailure() {
        assertThatThrownBy(() -> S3Archive.open(TestBuckets.settings("no-such-bucket", null, false)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bucket does not exist")
                .hasMessageContaining("no-such-bucket");
    }

    private static void commit(S3ArchiveStore store, StoragePath path, String text, boolean replace)
            throws IOException {
        try (PendingObject p = store.create()) {
            p.output().write(text.getBytes(StandardCharsets.US_ASCII));
            p.finish();
            p.commit(path, replace);
        }
    }

    private static String read(S3ArchiveStore store, StoragePath path) throws IOException {
        try (InputStream in = store.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static java.util.List<Path> stagingFiles(S3ArchiveStore store) throws IOException {
        try (Stream<Path> s = Files.list(store.staging())) {
            return s.filter(p -> p.toString().endsWith(".part")).toList();
        }
    }
}
