package io.radflow.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's promises: what {@link Journal#append} returned survives a crash (a journal reopened
 * without {@link Journal#markApplied}) and is recovered in order with its bytes intact; a record whose
 * payload never fully reached the disk is skipped without losing the records after it; applied records
 * are never replayed, also when their segment was reused; sequence numbers keep increasing across
 * restarts; a full journal refuses instead of overwriting.
 */
class JournalTest {
    static final long SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void whatWasAppendedIsRecoveredInOrderWithItsBytesUntilMarkedApplied() throws IOException {
        List<byte[]> payloads = List.of(bytes(1, 5000), bytes(2, 9000), bytes(3, 100));
        List<Journal.Record> written = new ArrayList<>();
        try (Journal j = open(4)) {
            j.recover();
            for (int i = 0; i < payloads.size(); i++) {
                written.add(append(j, "1.2.3." + i, payloads.get(i)));
            }
            j.markApplied(List.of(written.get(0)));
        } // a crash: nothing else marked
        try (Journal j = open(4)) {
            List<Journal.Record> replay = j.recover();
            assertThat(replay)
                    .extracting(Journal.Record::seq)
                    .containsExactly(written.get(1).seq(), written.get(2).seq());
            assertThat(replay.get(0).meta()).isEqualTo(written.get(1).meta());
            assertThat(payload(j, replay.get(0))).isEqualTo(payloads.get(1));
            assertThat(payload(j, replay.get(1))).isEqualTo(payloads.get(2));
            assertThat(replay.get(1).receivedAt()).isEqualTo(written.get(2).receivedAt());
            Journal.Record next = append(j, "1.2.3.9", bytes(4, 10));
            assertThat(next.seq()).isGreaterThan(written.get(2).seq());
        }
    }

    @Test
    void aRecordWhosePayloadIsIncompleteIsSkippedAndTheRecordsAfterItAreRecovered() throws IOException {
        Journal.Record first;
        Journal.Record torn;
        Journal.Record last;
        try (Journal j = open(4)) {
            j.recover();
            first = append(j, "1.2.1", bytes(1, 3000));
            torn = append(j, "1.2.2", bytes(2, 3000));
            last = append(j, "1.2.3", bytes(3, 3000));
        }
        // the second record's payload lost its tail (its header and metadata were written, as appends do first)
        try (FileChannel ch = FileChannel.open(segmentFile(0), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1000]), torn.payloadOffset() + 2000);
        }
        try (Journal j = open(4)) {
            assertThat(j.recover()).extracting(Journal.Record::seq).containsExactly(first.seq(), last.seq());
        }
    }

    @Test
    void aFullJournalRefusesAndAReusedSegmentNeverReplaysItsOldRecords() throws IOException {
        List<Journal.Record> old = new ArrayList<>();
        Journal.Record fresh;
        try (Journal j = open(2)) {
            j.recover();
            Journal.Record r;
            while ((r = append(j, "1.2." + old.size(), bytes(old.size(), 6000))) != null) {
                old.add(r);
            }
            assertThat(old).hasSize(16); // two 64 KiB segments of 8 records (8 KiB each with header and metadata)
            j.markApplied(old);
            fresh = append(j, "1.3.1", bytes(99, 2000)); // a segment with only applied records is reused
            assertThat(fresh).isNotNull();
        }
        try (Journal j = open(2)) {
            List<Journal.Record> replay = j.recover();
            assertThat(replay).extracting(Journal.Record::seq).containsExactly(fresh.seq());
            assertThat(payload(j, replay.get(0))).isEqualTo(bytes(99, 2000));
        }
    }

    @Test
    void concurrentAppendsAreAllDurableAndRecovered() throws Exception {
        int n = 64;
        List<Long> seqs = new ArrayList<>();
        try (Journal j = Journal.open(dir, 1 << 20, 1, 1);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            j.recover();
            List<Future<Journal.Record>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> append(j, "1.4." + k, bytes(k, 700 + k))));
            }
            for (Future<Journal.Record> f : fs) {
                seqs.add(f.get().seq());
            }
        }
        try (Journal j = Journal.open(dir, 1 << 20, 1, 1)) {
            List<Journal.Record> replay = j.recover();
            assertThat(replay).extracting(Journal.Record::seq).containsExactlyInAnyOrderElementsOf(seqs);
            for (Journal.Record r : replay) {
                int k = Integer.parseInt(r.meta().sopInstanceUID().substring(4));
                assertThat(payload(j, r)).isEqualTo(bytes(k, 700 + k));
            }
        }
    }

    private Journal open(int maxSegments) throws IOException {
        return Journal.open(dir, SEGMENT, 2, maxSegments);
    }

    private Path segmentFile(int index) {
        return dir.resolve(String.format("segment-%04d.journal", index));
    }

    private static Journal.Record append(Journal j, String sop, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
        return j.append(
                new Journal.Meta(
                        "dimse",
                        "PACS",
                        "c-" + sop,
                        "1.2.840.10008.5.1.4.1.1.2",
                        sop,
                        "1.2.840.10008.1.2.1",
                        "1.2.9",
                        "digest-" + sop),
                List.of(b),
                payload.length,
                System.currentTimeMillis());
    }

    private byte[] payload(Journal j, Journal.Record r) throws IOException {
        Path f = Files.createTempFile(dir, "payload", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            j.copyPayload(r, ch);
        }
        return Files.readAllBytes(f);
    }

    private static byte[] bytes(int seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
