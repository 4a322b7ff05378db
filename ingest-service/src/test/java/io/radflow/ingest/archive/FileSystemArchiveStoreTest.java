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
        try (var s = Files.list(root.resolve(".incoming"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void uncommittedObjectIsDiscardedAndExistingIsNotReplacedSilently() throws IOException {
        FileSystemArchiveStore store = new FileSystemArchiveStore(root, false);
        StoragePath path = new StoragePath("1.2.3", "1.2.3.4", "1.2.3.4.5");
        try (PendingObject p = store.create()) {
            p.output().write(1);
            p.finish();
        }
        try (var s = Files.list(root.resolve(".incoming"))) {
            assertThat(s.toList()).isEmpty();
        }
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
    void staleStagingFilesAreRemoved() throws IOException {
        FileSystemArchiveStore store = new FileSystemArchiveStore(root, false);
        Files.writeString(root.resolve(".incoming/left-over.part"), "x");
        assertThat(new FileSystemArchiveStore(root, false).removeStaleParts()).isEqualTo(1);
        assertThat(store.usableSpace()).isPositive();
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
