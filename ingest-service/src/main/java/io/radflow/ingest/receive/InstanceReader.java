package io.radflow.ingest.receive;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputLimits;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.json.BulkDataURIPolicy;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.dicom.net.FileMetaInformation;
import io.radflow.ingest.archive.ArchiveStore;
import io.radflow.ingest.archive.PendingObject;
import io.radflow.ingest.index.InstanceAttributes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The "receive" stage: streams one instance into a staging object of the archive (File Meta
 * Information written by Radflow, data set bytes exactly as received, SHA-256 of the data set
 * computed on the way), forces it to disk, then parses it back (large values stay in the file) for
 * the index and the WADO-RS metadata. Never holds the pixel data in memory.
 */
public final class InstanceReader {
    /** Binary values from this length on are BulkDataURIs in the metadata. */
    static final int BULK_THRESHOLD = 1024;

    private final ArchiveStore archive;
    private final String retrieveBaseUrl;

    public InstanceReader(ArchiveStore archive, String retrieveBaseUrl) {
        this.archive = archive;
        this.retrieveBaseUrl = retrieveBaseUrl.endsWith("/")
                ? retrieveBaseUrl.substring(0, retrieveBaseUrl.length() - 1)
                : retrieveBaseUrl;
    }

    /**
     * Where a received instance's bytes go: {@link #memory} (a buffer of the journal's pool, spilling to
     * a staging object when it does not fit) or straight to a staging object ({@link #STAGING}).
     */
    @FunctionalInterface
    public interface Sink {
        /** The stream for the Part 10 bytes of one instance. */
        Target open(ArchiveStore archive) throws IOException;

        /** Every instance straight to a staging object of the archive (no journal). */
        Sink STAGING = Target::new;

        /** Buffers in {@code pool} up to {@code maxLength} bytes, else spills to a staging object. */
        static Sink memory(io.radflow.ingest.journal.BufferPool pool, long maxLength) {
            return archive -> new Target(archive, pool, maxLength);
        }
    }

    /** The stream one instance is written to: memory, or a staging object once it spilled. */
    public static final class Target {
        private final io.radflow.ingest.journal.InstanceBuffer buffer;
        private PendingObject pending;

        Target(ArchiveStore archive, io.radflow.ingest.journal.BufferPool pool, long maxLength) {
            this.buffer = new io.radflow.ingest.journal.InstanceBuffer(pool, maxLength, () -> {
                pending = archive.create();
                return pending.output();
            });
        }

        Target(ArchiveStore archive) throws IOException {
            this.buffer = null;
            this.pending = archive.create();
        }

        OutputStream output() {
            return buffer != null ? buffer : pending.output();
        }

        /** The staging object, if the bytes went (or now go) to one. */
        PendingObject pending() {
            return pending;
        }

        /** Gives back the memory and discards a staging object (idempotent). */
        void discard() {
            if (buffer != null) {
                buffer.release();
            }
            if (pending != null) {
                try {
                    pending.close();
                } catch (IOException ignored) {
                    // left for the start-up clean-up
                }
            }
        }
    }

    /**
     * An instance received in memory (not spilled): its Part 10 bytes, the SHA-256 of its data set, and
     * the attributes of its header (parsed from memory, up to the pixel data).
     */
    public record InMemory(
            FileMetaInformation fmi,
            io.radflow.ingest.journal.InstanceBuffer buffer,
            long size,
            String digest,
            InstanceAttributes attributes) {}

    /** What {@link #receive} produced: an instance in memory, or one staged in the archive and parsed. */
    public record Received(InMemory inMemory, ReceivedInstance staged) {}

    /** A data set of a C-STORE-RQ (no File Meta Information; UIDs and syntax from the command). */
    public Received readDataset(
            String sopClassUID,
            String sopInstanceUID,
            String transferSyntaxUID,
            String sourceAET,
            InputStream in,
            Sink sink)
            throws IOException, InvalidInstanceException {
        return receive(
                new FileMetaInformation(sopClassUID, sopInstanceUID, transferSyntaxUID),
                sourceAET,
                in::transferTo,
                sink);
    }

    /** A Part 10 file of a STOW-RS request: its File Meta Information is read, then replaced by Radflow's. */
    public Received readPart10(String sourceAET, InputStream in, Sink sink)
            throws IOException, InvalidInstanceException {
        BufferedInputStream bin = new BufferedInputStream(in, 64 * 1024);
        FileMetaInformation fmi;
        try {
            fmi = FileMetaInformation.read(bin);
        } catch (IOException e) {
            if (e.getClass() != IOException.class && !(e instanceof java.io.EOFException)) {
                throw e;
            }
            throw new InvalidInstanceException(
                    io.radflow.dicom.net.Status.CannotUnderstand,
                    null,
                    null,
                    "not a DICOM Part 10 file: " + e.getMessage());
        }
        if (fmi.transferSyntaxUID() == null || fmi.sopClassUID() == null || fmi.sopInstanceUID() == null) {
            throw new InvalidInstanceException(
                    io.radflow.dicom.net.Status.CannotUnderstand,
                    fmi.sopClassUID(),
                    fmi.sopInstanceUID(),
                    "File Meta Information without Transfer Syntax or SOP UIDs");
        }
        return receive(fmi, sourceAET, bin::transferTo, sink);
    }

    /**
     * A data set built in memory (DICOM JSON STOW-RS), bulk data as file {@link
     * io.radflow.dicom.data.BulkData}: encoded in {@code fmi}'s transfer syntax and received like a
     * received one.
     */
    public Received readAttributes(FileMetaInformation fmi, String sourceAET, Attributes dataset, Sink sink)
            throws IOException, InvalidInstanceException {
        return receive(
                fmi,
                sourceAET,
                out -> {
                    DicomOutputStream dos = new DicomOutputStream(out, fmi.transferSyntaxUID());
                    dos.writeDataset(null, dataset);
                    dos.flush();
                },
                sink);
    }

    @FunctionalInterface
    private interface DatasetWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes the Part 10 bytes (Radflow's File Meta Information, then the data set as received, its
     * SHA-256 computed on the way) to the sink; an instance that stayed in memory has its header parsed
     * from there, one that went to a staging object is forced and parsed back (large values stay in
     * the file).
     */
    private Received receive(FileMetaInformation fmi, String sourceAET, DatasetWriter in, Sink sink)
            throws IOException, InvalidInstanceException {
        Target t = sink.open(archive);
        boolean ok = false;
        try {
            OutputStream out = t.output();
            fmi.write(out, sourceAET);
            MessageDigest sha = sha256();
            try (OutputStream digest = new DigestOutputStream(nonClosing(out), sha)) {
                in.writeTo(digest);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            Received r;
            if (t.pending() == null) {
                Attributes header;
                try (DicomInputStream din = new DicomInputStream(t.buffer.inputStream())) {
                    din.setLimits(DicomInputLimits.UNTRUSTED);
                    header = din.readDatasetUntilPixelData();
                } catch (IOException e) {
                    throw cannotParse(fmi, e);
                }
                r = new Received(
                        new InMemory(fmi, t.buffer, t.buffer.length(), hex, InstanceAttributes.of(header)), null);
            } else {
                r = new Received(null, parseStaged(t.pending(), fmi, hex));
            }
            ok = true;
            return r;
        } finally {
            if (!ok) {
                t.discard();
            }
        }
    }

    /**
     * Moves an instance received in memory to a staging object and parses it from there, for the path
     * without journal (the memory is given back).
     */
    public ReceivedInstance stage(InMemory m) throws IOException, InvalidInstanceException {
        PendingObject pending = archive.create();
        boolean ok = false;
        try {
            m.buffer().writeTo(pending.output());
            m.buffer().release();
            ReceivedInstance ri = parseStaged(pending, m.fmi(), m.digest());
            ok = true;
            return ri;
        } finally {
            if (!ok) {
                pending.close();
            }
        }
    }

    /**
     * A staging object holding a complete Part 10 file ({@code fmi}, data set digest {@code digest}):
     * finished (its force started, when the store forces) and parsed (large values stay in the file).
     */
    public ReceivedInstance parseStaged(PendingObject pending, FileMetaInformation fmi, String digest)
            throws IOException, InvalidInstanceException {
        long size = pending.finish();
        Attributes ds;
        try (DicomInputStream din = new DicomInputStream(pending.stagingFile())) {
            din.setLimits(DicomInputLimits.UNTRUSTED)
                    .setBulkDataMode(DicomInputStream.BulkDataMode.LARGE_VALUES)
                    .setBulkDataThreshold(BULK_THRESHOLD);
            ds = din.readDataset();
        } catch (IOException e) {
            throw cannotParse(fmi, e);
        }
        return new ReceivedInstance(
                pending,
                fmi.sopClassUID(),
                fmi.sopInstanceUID(),
                fmi.transferSyntaxUID(),
                size,
                digest,
                ds,
                InstanceAttributes.of(ds),
                null);
    }

    private static InvalidInstanceException cannotParse(FileMetaInformation fmi, IOException e) {
        return new InvalidInstanceException(
                io.radflow.dicom.net.Status.CannotUnderstand,
                fmi.sopClassUID(),
                fmi.sopInstanceUID(),
                "cannot parse data set: " + e.getMessage());
    }

    /** The DICOM JSON object of a validated instance, binary values as BulkDataURIs. */
    public ReceivedInstance withMetadata(ReceivedInstance ri) throws IOException {
        InstanceAttributes a = ri.attributes();
        String base = retrieveBaseUrl + "/studies/" + a.studyInstanceUID() + "/series/" + a.seriesInstanceUID()
                + "/instances/" + a.sopInstanceUID() + "/bulk";
        ByteArrayOutputStream bout = new ByteArrayOutputStream(8192);
        try (var gen = JSONWriter.createGenerator(bout)) {
            new JSONWriter(gen)
                    .bulkDataURIPolicy(BulkDataURIPolicy.aboveThreshold(base, BULK_THRESHOLD))
                    .write(ri.dataset());
        }
        return new ReceivedInstance(
                ri.pending(),
                ri.sopClassUID(),
                ri.sopInstanceUID(),
                ri.transferSyntaxUID(),
                ri.fileSize(),
                ri.digest(),
                ri.dataset(),
                ri.attributes(),
                bout.toByteArray());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
