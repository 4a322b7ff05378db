package io.radflow.ingest.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The ingest journal: the durable record of every instance acknowledged on the fast path. A received
 * instance (its Part 10 bytes, as they will be archived) is appended as one record to a segment file
 * that was filled with zeros when it was created, so that writing a record changes no file metadata,
 * and the segment is flushed with {@code fdatasync} ({@link GroupSync}: concurrent appends share one
 * flush); only then is the sender told success. Archiving the file and indexing it happen afterwards
 * (the applier), and a record is marked applied only when its archive file and its index rows are on
 * disk; a segment whose records are all applied is reused. After a crash, {@link #recover()} returns
 * every record not marked applied, in order, for the applier to replay.
 *
 * <p>A record starts at a multiple of {@value #ALIGN} bytes: a 64-byte header (magic, header CRC-32C,
 * sequence number, time received, payload length, metadata length, CRC-32C of metadata and payload,
 * and an applied flag outside the CRC), the metadata ({@link Meta}), then the payload. The header and
 * metadata are written while the segment is locked for the reservation, so every reserved record has
 * its header in the page cache before a later record can be written and flushed: recovery can step
 * over a record whose payload is incomplete (its CRC fails; it was never acknowledged) to the records
 * after it. Within a segment, sequence numbers increase from offset 0; recovery of a segment stops at
 * the first invalid header or at a sequence number that does not increase (what lies beyond belongs
 * to the segment's previous use, already applied).
 */
public final class Journal implements Closeable {
    private static final Logger LOG = Logger.getLogger(Journal.class);

    /** Records start at multiples of this. */
    public static final int ALIGN = 4096;

    static final int HEADER = 64;
    static final int MAGIC = 0x52464A31; // "RFJ1"
    static final int APPLIED = 0x41505044; // "APPD"
    static final int STATE_OFFSET = 60;
    private static final Pattern NAME = Pattern.compile("segment-(\\d+)\\.journal");

    /** What the applier needs of a record besides its payload (the Part 10 bytes). */
    public record Meta(
            String sourcePath,
            String sourceName,
            String correlationId,
            String sopClassUID,
            String sopInstanceUID,
            String transferSyntaxUID,
            String studyInstanceUID,
            String digest) {

        byte[] encode() {
            StringBuilder sb = new StringBuilder();
            for (String s : new String[] {
                sourcePath,
                sourceName,
                correlationId,
                sopClassUID,
                sopInstanceUID,
                transferSyntaxUID,
                studyInstanceUID,
                digest
            }) {
                sb.append(s == null ? "" : s.replace('\n', ' ')).append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        static Meta decode(byte[] b) throws IOException {
            String[] f = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            if (f.length < 8) {
                throw new IOException("journal record metadata with " + f.length + " fields");
            }
            return new Meta(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
        }
    }

    /** One record: where it is and what it holds. */
    public static final class Record {
        private final long seq;
        private final Segment segment;
        private final long offset;
        private final long payloadOffset;
        private final long payloadLength;
        private final long receivedAt;
        private final Meta meta;

        Record(
                long seq,
                Segment segment,
                long offset,
                long payloadOffset,
                long payloadLength,
                long receivedAt,
                Meta meta) {
            this.seq = seq;
            this.segment = segment;
            this.offset = offset;
            this.payloadOffset = payloadOffset;
            this.payloadLength = payloadLength;
            this.receivedAt = receivedAt;
            this.meta = meta;
        }

        /** The sequence number: increases with every record, across restarts. */
        public long seq() {
            return seq;
        }

        /** When the instance was received (epoch milliseconds). */
        public long receivedAt() {
            return receivedAt;
        }

        public Meta meta() {
            return meta;
        }

        /** Bytes of the payload (the Part 10 file). */
        public long payloadLength() {
            return payloadLength;
        }

        FileChannel channel() {
            return segment.channel;
        }

        long payloadOffset() {
            return payloadOffset;
        }

        @Override
        public String toString() {
            return "journal record " + seq + " (" + segment.path.getFileName() + "@" + offset + ")";
        }
    }

    /** One segment file. */
    static final class Segment {
        final int index;
        final Path path;
        final FileChannel channel;
        final long size;
        final GroupSync sync;
        /** Records reserved here and not yet marked applied. */
        int live;

        Segment(int index, Path path, FileChannel channel, long size) {
            this.index = index;
            this.path = path;
            this.channel = channel;
            this.size = size;
            this.sync = new GroupSync(() -> channel.force(false));
        }
    }

    private final Path dir;
    private final long segmentSize;
    private final int maxSegments;
    private final List<Segment> segments = new ArrayList<>();
    private Segment current;
    private long head;
    private long nextSeq = 1;
    private boolean recovered;
    private boolean creating;
    private Thread creator;

    private Journal(Path dir, long segmentSize, int maxSegments) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.maxSegments = maxSegments;
    }

    /**
     * Opens the journal in {@code dir} (created if needed), with the segments found there; creates
     * segments of {@code segmentSize} bytes until there are {@code initialSegments}. Call {@link
     * #recover()} before the first {@link #append}.
     */
    public static Journal open(Path dir, long segmentSize, int initialSegments, int maxSegments) throws IOException {
        if (segmentSize < 2L * ALIGN || segmentSize % ALIGN != 0) {
            throw new IllegalArgumentException("segment size must be a multiple of " + ALIGN + ": " + segmentSize);
        }
        Journal j = new Journal(Files.createDirectories(dir), segmentSize, Math.max(1, maxSegments));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    j.segments.add(new Segment(Integer.parseInt(m.group(1)), p, ch, ch.size()));
                }
            }
        }
        j.segments.sort(Comparator.comparingInt(s -> s.index));
        while (j.segments.size() < Math.min(initialSegments, j.maxSegments)) {
            j.createSegment();
        }
        return j;
    }

    /** Creates one more segment, filled with zeros and forced (with its directory entry). */
    private void createSegment() throws IOException {
        int index;
        synchronized (this) {
            index = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).index + 1;
        }
        Path p = dir.resolve(String.format("segment-%04d.journal", index));
        Path tmp = dir.resolve(p.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(segmentSize, 1 << 20));
            for (long pos = 0; pos < segmentSize; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentSize - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
        Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        synchronized (this) {
            segments.add(new Segment(index, p, ch, segmentSize));
        }
        LOG.infof("journal segment %s created (%d MiB)", p, segmentSize >> 20);
    }

    private static void forceDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Scans every segment and returns the records not marked applied, in sequence order: they were
     * (or may have been) acknowledged and must be applied again. Also sets the next sequence number.
     */
    public synchronized List<Record> recover() throws IOException {
        List<Record> out = new ArrayList<>();
        long maxSeq = 0;
        for (Segment s : segments) {
            s.live = 0;
            long lastSeq = -1;
            long off = 0;
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (off + HEADER <= s.size) {
                h.clear();
                readFully(s.channel, h, off);
                h.flip();
                if (h.getInt(0) != MAGIC || h.getInt(4) != crc(h, 8, STATE_OFFSET)) {
                    break;
                }
                long seq = h.getLong(8);
                long received = h.getLong(16);
                long payloadLength = h.getLong(24);
                int metaLength = h.getInt(32);
                int payloadCrc = h.getInt(36);
                long length = align(HEADER + (long) metaLength + payloadLength);
                if (seq <= lastSeq || metaLength < 0 || payloadLength < 0 || off + length > s.size) {
                    break;
                }
                lastSeq = seq;
                maxSeq = Math.max(maxSeq, seq);
                if (h.getInt(STATE_OFFSET) != APPLIED) {
                    byte[] meta = new byte[metaLength];
                    readFully(s.channel, ByteBuffer.wrap(meta), off + HEADER);
                    if (payloadMatches(s.channel, meta, off + HEADER + metaLength, payloadLength, payloadCrc)) {
                        out.add(new Record(
                                seq, s, off, off + HEADER + metaLength, payloadLength, received, Meta.decode(meta)));
                        s.live++;
                    } else {
                        LOG.infof(
                                "journal %s@%d: record %d incomplete (never acknowledged), skipped", s.path, off, seq);
                    }
                }
                off += length;
            }
        }
        nextSeq = Math.max(nextSeq, maxSeq + 1);
        current = null;
        head = 0;
        recovered = true;
        out.sort(Comparator.comparingLong(Record::seq));
        return out;
    }

    /** The next sequence number is at least {@code seq + 1} (e.g. the last one known to the index). */
    public synchronized void seenSequence(long seq) {
        nextSeq = Math.max(nextSeq, seq + 1);
    }

    /**
     * Appends a record and returns once it is on disk, or returns null when it does not fit (larger than
     * a segment, or every segment still holds records not applied: the caller takes the slower path).
     *
     * @param payload the Part 10 bytes, buffers positioned at their start (read, not modified)
     */
    public Record append(Meta meta, List<ByteBuffer> payload, long payloadLength, long receivedAt) throws IOException {
        Record r = reserve(meta, payload, payloadLength, receivedAt);
        if (r != null) {
            write(r, payload);
        }
        return r;
    }

    /**
     * Reserves a record for {@code payload} (sequence number, place, header and metadata written) without
     * writing the payload yet; null when it does not fit. Follow with {@link #write}, or the record stays
     * incomplete (skipped by recovery) and its segment is not reused until {@link #abandon}ed.
     */
    public Record reserve(Meta meta, List<ByteBuffer> payload, long payloadLength, long receivedAt) throws IOException {
        if (!recovered) {
            throw new IllegalStateException("recover() the journal before appending");
        }
        byte[] m = meta.encode();
        long length = align(HEADER + (long) m.length + payloadLength);
        CRC32C crc = new CRC32C();
        crc.update(m);
        for (ByteBuffer b : payload) {
            crc.update(b.duplicate());
        }
        ByteBuffer first = ByteBuffer.allocate(HEADER + m.length).order(ByteOrder.LITTLE_ENDIAN);
        synchronized (this) {
            if (length > segmentSize) {
                return null;
            }
            if (current == null || head + length > current.size) {
                Segment next = freeSegment();
                if (next == null) {
                    return null; // keep the current segment: a smaller record may still fit
                }
                current = next;
                head = 0;
            }
            Segment s = current;
            long off = head;
            long seq = nextSeq;
            first.putInt(0, MAGIC)
                    .putLong(8, seq)
                    .putLong(16, receivedAt)
                    .putLong(24, payloadLength)
                    .putInt(32, m.length)
                    .putInt(36, (int) crc.getValue());
            first.putInt(4, crc(first, 8, STATE_OFFSET));
            first.position(HEADER).put(m).flip();
            writeFully(s.channel, first, off); // before any later record is reserved (see class comment)
            head += length;
            nextSeq++;
            s.live++;
            return new Record(seq, s, off, off + HEADER + m.length, payloadLength, receivedAt, meta);
        }
    }

    /**
     * Writes a reserved record's payload and returns once it is on disk (its flush may be shared with
     * concurrent writers). On failure the record is {@link #abandon}ed.
     */
    public void write(Record r, List<ByteBuffer> payload) throws IOException {
        try {
            long pos = r.payloadOffset;
            for (ByteBuffer b : payload) {
                int n = b.remaining();
                writeFully(r.segment.channel, b.duplicate(), pos);
                pos += n;
            }
            r.segment.sync.syncAfterWrite();
        } catch (IOException e) {
            abandon(r);
            throw e;
        }
    }

    /** A reserved record that will not be completed (never acknowledged): its place may be reused. */
    public synchronized void abandon(Record r) {
        r.segment.live--;
    }

    /**
     * A segment with no live record (possibly the one just filled), else null. When this leaves no spare
     * segment and there is room for one, a new one is created in the background, so that the next switch
     * finds it (meanwhile a caller that got null takes the slower path).
     */
    private Segment freeSegment() {
        Segment found = null;
        int spare = 0;
        for (Segment s : segments) {
            if (s.live == 0) {
                if (found == null || (found == current && s != current)) {
                    found = s;
                }
                spare++;
            }
        }
        if (found != null) {
            spare--;
        }
        if (spare == 0 && !creating && segments.size() < maxSegments) {
            creating = true;
            creator = Thread.ofVirtual().name("journal-segment").start(() -> {
                try {
                    createSegment();
                } catch (IOException e) {
                    LOG.errorf("cannot create a journal segment in %s: %s", dir, e.toString());
                } finally {
                    synchronized (this) {
                        creating = false;
                    }
                }
            });
        }
        return found;
    }

    /** Copies a record's payload (the Part 10 file) into {@code target} at its current position. */
    public void copyPayload(Record r, FileChannel target) throws IOException {
        long done = 0;
        while (done < r.payloadLength) {
            long n = r.segment.channel.transferTo(r.payloadOffset + done, r.payloadLength - done, target);
            if (n <= 0) {
                throw new IOException("cannot copy " + r + ": nothing transferred at " + done);
            }
            done += n;
        }
    }

    /**
     * Marks records applied (their archive files and index rows are on disk) and forces the segments, so
     * that recovery never replays them; a segment whose records are all applied may then be reused.
     */
    public void markApplied(Collection<Record> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        ByteBuffer flag = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, APPLIED);
        Map<Segment, Integer> touched = new HashMap<>();
        for (Record r : records) {
            writeFully(r.segment.channel, flag.duplicate().clear(), r.offset + STATE_OFFSET);
            touched.merge(r.segment, 1, Integer::sum);
        }
        for (Segment s : touched.keySet()) {
            s.channel.force(false);
        }
        synchronized (this) {
            touched.forEach((s, n) -> s.live -= n);
        }
    }

    /** Records appended (or recovered) and not yet marked applied. */
    public synchronized int liveRecords() {
        return segments.stream().mapToInt(s -> s.live).sum();
    }

    /** Segment files. */
    public synchronized int segmentCount() {
        return segments.size();
    }

    @Override
    public void close() throws IOException {
        Thread t;
        synchronized (this) {
            t = creator;
        }
        if (t != null) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeSegments();
    }

    private synchronized void closeSegments() throws IOException {
        for (Segment s : segments) {
            s.channel.close();
        }
    }

    static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static int crc(ByteBuffer b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().limit(to).position(from));
        return (int) c.getValue();
    }

    private static boolean payloadMatches(FileChannel ch, byte[] meta, long pos, long length, int expected)
            throws IOException {
        CRC32C c = new CRC32C();
        c.update(meta);
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(Math.max(length, 1), 1 << 20));
        for (long done = 0; done < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - done));
            int n = ch.read(buf, pos + done);
            if (n <= 0) {
                return false; // the file ends inside the record
            }
            buf.flip();
            c.update(buf);
            done += n;
        }
        return (int) c.getValue() == expected;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
