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

    /** A data set of a C-STORE-RQ (no File Meta Information; UIDs and syntax from the command). */
    public ReceivedInstance readDataset(
            String sopClassUID, String sopInstanceUID, String transferSyntaxUID, String sourceAET, InputStream in)
            throws IOException, InvalidInstanceException {
        return stage(new FileMetaInformation(sopClassUID, sopInstanceUID, transferSyntaxUID), sourceAET, in);
    }

    /** A Part 10 file (STOW-RS part): its File Meta Information is read, then replaced by Radflow's. */
    public ReceivedInstance readPart10(String sourceAET, InputStream in) throws IOException, InvalidInstanceException {
        Part10Input bin = new Part10Input(in);
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
        return stage(fmi, sourceAET, bin);
    }

    /**
     * A data set built in memory (DICOM JSON STOW-RS), bulk data as file {@link
     * io.radflow.dicom.data.BulkData}: encoded in {@code fmi}'s transfer syntax and staged like a
     * received one.
     */
    public ReceivedInstance readAttributes(FileMetaInformation fmi, String sourceAET, Attributes dataset)
            throws IOException, InvalidInstanceException {
        return stage(fmi, sourceAET, out -> {
            DicomOutputStream dos = new DicomOutputStream(out, fmi.transferSyntaxUID());
            dos.writeDataset(null, dataset);
            dos.flush();
        });
    }

    private ReceivedInstance stage(FileMetaInformation fmi, String sourceAET, InputStream in)
            throws IOException, InvalidInstanceException {
        return stage(fmi, sourceAET, in::transferTo);
    }

    @FunctionalInterface
    private interface DatasetWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private ReceivedInstance stage(FileMetaInformation fmi, String sourceAET, DatasetWriter in)
            throws IOException, InvalidInstanceException {
        PendingObject pending = archive.create();
        boolean ok = false;
        try {
            OutputStream out = pending.output();
            fmi.write(out, sourceAET);
            MessageDigest sha = sha256();
            try (OutputStream digest = new DigestOutputStream(nonClosing(out), sha)) {
                in.writeTo(digest);
            }
            long size = pending.finish();
            String hex = HexFormat.of().formatHex(sha.digest());
            Attributes ds;
            try (DicomInputStream din = new DicomInputStream(pending.stagingFile())) {
                din.setLimits(DicomInputLimits.UNTRUSTED)
                        .setBulkDataMode(DicomInputStream.BulkDataMode.LARGE_VALUES)
                        .setBulkDataThreshold(BULK_THRESHOLD);
                ds = din.readDataset();
            } catch (IOException e) {
                throw new InvalidInstanceException(
                        io.radflow.dicom.net.Status.CannotUnderstand,
                        fmi.sopClassUID(),
                        fmi.sopInstanceUID(),
                        "cannot parse data set: " + e.getMessage());
            }
            InstanceAttributes attrs = InstanceAttributes.of(ds);
            ReceivedInstance ri = new ReceivedInstance(
                    pending,
                    fmi.sopClassUID(),
                    fmi.sopInstanceUID(),
                    fmi.transferSyntaxUID(),
                    size,
                    hex,
                    ds,
                    attrs,
                    null);
            ok = true;
            return ri;
        } finally {
            if (!ok) {
                pending.close();
            }
        }
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

    /**
     * Buffers the File Meta Information (whose reader needs mark and reset), then hands the data set
     * over without a second copy: {@link #transferTo} writes what is buffered and lets the source
     * write the rest from its own buffer. (A plain {@code BufferedInputStream} copies every byte
     * through its buffer once it has been marked.)
     */
    static final class Part10Input extends BufferedInputStream {
        Part10Input(InputStream in) {
            super(in, 16 * 1024);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (in == null) {
                throw new IOException("stream closed");
            }
            int n = count - pos;
            if (n > 0) {
                out.write(buf, pos, n);
                pos = count;
            }
            markpos = -1;
            return n + in.transferTo(out);
        }
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
