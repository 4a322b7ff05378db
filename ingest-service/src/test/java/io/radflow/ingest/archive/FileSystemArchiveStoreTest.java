package io.radflow.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArchiveStoreTest {
    @TempDir
    Path root;

    @Test
    void stagedObjectBecomesVisibleOnlyOnCommit() throws IOException {
        FileSystemArchiveStore store = new FileSystemArchiveStore(root, true);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.5");
        try (PendingObject p = store.create()) {
            p.output().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(p.finish()).isEqualTo(5);
            assertThat(p.stagingFile().getFileName().toString()).endsWith(".part");
            assertThat(store.exists(path)).isFalse();
            p.commit(path, false);
        }
        assertThat(store.file(path)).hasContent("hello");
        assertThat(store.file(path)).isEqualTo(root.resolve("1.2.3/1.2.3.4/1.2.3.4.5.dcm"));
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void uncommittedObjectIsDiscardedAndExistingIsNotReplacedSilently() throws IOException {
        FileSystemArchiveStore store = new FileSystemArchiveStore(root, false);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.5");
        try (PendingObject p = store.create()) {
            p.output().write(1);
            p.finish();
        }
        assertThat(stagingFiles(store)).isEmpty();
        try (PendingObject p = store.create()) {
            p.finish();
            p.commit(path, false);
        }
        try (PendingObject p = store.create()) {
            p.output().write(2);
            p.finish();
            assertThatThrownBy(() -> p.commit(path, false)).isInstanceOf(FileAlreadyExistsException.class);
        }
        try (PendingObject p = store.create()) {
            p.output().write(3);
            p.finish();
            p.commit(path, true);
        }
        assertThat(Files.readAllBytes(store.file(path))).containsExactly(3);
    }

    @Test
    void staleStagingFilesAreRemovedThoseOfARunningStoreKept() throws IOException {
        FileSystemArchiveStore running = new FileSystemArchiveStore(root, false);
        // a store that ended (its lock is free) left two parts; an older version left one in .incoming
        Path ended = Files.createDirectories(root.resolve(".incoming/ended"));
        Files.writeString(ended.resolve(FileSystemArchiveStore.OWNER), "pid 1");
        Files.writeString(ended.resolve("a.part"), "x");
        Files.writeString(ended.resolve("b.part"), "x");
        Files.writeString(root.resolve(".incoming/left-over.part"), "x");
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.9");
        try (PendingObject p = running.create()) {
            p.output().write(7);
            p.finish();
            // a second store starts (a restarted replica) while the first one receives
            FileSystemArchiveStore restarted = new FileSystemArchiveStore(root, false);
            assertThat(restarted.removeStaleParts()).isEqualTo(3);
            assertThat(ended).doesNotExist();
            assertThat(root.resolve(".incoming/left-over.part")).doesNotExist();
            assertThat(p.stagingFile()).exists();
            p.commit(path, false);
        }
        assertThat(Files.readAllBytes(running.file(path))).containsExactly(7);
        assertThat(running.usableSpace()).isPositive();
    }

    @Test
    void aStagingFolderLockedByAnotherProcessIsLeftAlone() throws Exception {
        Path other = Files.createDirectories(root.resolve(".incoming/other-process"));
        Path owner = Files.writeString(other.resolve(FileSystemArchiveStore.OWNER), "");
        Files.writeString(other.resolve("receiving.part"), "x");
        Path locker = Files.writeString(
                root.resolve("Locker.java"),
                """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Locker {
                    public static void main(String[] a) throws Exception {
                        try (FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {
                            System.out.println(ch.tryLock() != null ? "locked" : "busy");
                            System.out.flush();
                            System.in.read(); // holds the lock until its input closes
                        }
                    }
                }
                """);
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        locker.toString(),
                        owner.toString())
                .redirectErrorStream(true)
                .start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(new FileSystemArchiveStore(root, false).removeStaleParts())
                    .isZero();
            assertThat(other.resolve("receiving.part")).exists();
            p.getOutputStream().close(); // the other process ends: its lock is released
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(new FileSystemArchiveStore(root, false).removeStaleParts()).isEqualTo(1);
        assertThat(other).doesNotExist();
    }

    /** Files in the store's staging folder other than its lock file. */
    private static java.util.List<Path> stagingFiles(FileSystemArchiveStore store) throws IOException {
        try (var s = Files.list(store.staging())) {
            return s.filter(f -> !f.getFileName().toString().equals(FileSystemArchiveStore.OWNER))
                    .toList();
        }
    }

    @Test
    void pathsAreBuiltFromValidUidsOnly() {
        assertThatThrownBy(() -> new StoragePath("1.2.3", "../etc", "1.2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoragePath("1.2.3", "1.2", "1.2/3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoragePath("1.02", "1.2", "1.3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoragePath("1." + "1".repeat(64), "1.2", "1.3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoragePath.parse("1.2/1.3")).isInstanceOf(IllegalArgumentException.class);
        StoragePath p = new StoragePath("1.2", "1.2.3", "1.2.3.4");
        assertThat(StoragePath.parse(p.relative())).isEqualTo(p);
    }
}
