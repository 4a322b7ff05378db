package io.radflow.dicom.io;

import io.radflow.dicom.Implementation;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes DICOM Part 10 files (preamble, File Meta Information with Radflow's Implementation Class
 * UID) and bare data sets in Implicit VR Little Endian, Explicit VR Little Endian, Deflated
 * Explicit VR Little Endian and the encapsulated (compressed) transfer syntaxes; and DIMSE command
 * sets ({@link #writeCommand}). Explicit VR Big Endian (retired) is read only.
 *
 * <p>Sequences and items are written with undefined length. Group length elements are written
 * where required (File Meta, command) and recomputed where a data set contains one.
 */
public final class DicomOutputStream implements Closeable, Flushable {
    private static final int DEFAULT_DEFLATE_LEVEL = Deflater.DEFAULT_COMPRESSION;

    private final OutputStream raw;
    private OutputStream out;
    private final TransferSyntax ts;
    private boolean explicitVR;
    private boolean bigEndian;
    private final byte[] header = new byte[12];
    private boolean preamble = true;

    /** Writes data sets in {@code transferSyntaxUID} to {@code out}. */
    public DicomOutputStream(OutputStream out, String transferSyntaxUID) {
        this.ts = TransferSyntax.of(transferSyntaxUID);
        if (ts.bigEndian()) {
            throw new IllegalArgumentException(
                    "Explicit VR Big Endian is retired: Radflow reads it but does not write it");
        }
        this.raw = out;
        this.out = new BufferedOutputStream(out, 65536);
        this.explicitVR = ts.explicitVR();
    }

    /** Whether {@link #writeFileMetaInformation} writes the 128 byte preamble and "DICM" (default true). */
    public DicomOutputStream setPreamble(boolean preamble) {
        this.preamble = preamble;
        return this;
    }

    /**
     * File Meta Information for a data set: version 00\01, SOP Class/Instance, transfer syntax and
     * Radflow's Implementation Class UID and Version Name.
     */
    public static Attributes createFileMetaInformation(
            String sopInstanceUID, String sopClassUID, String transferSyntaxUID) {
        Attributes fmi = new Attributes(6);
        fmi.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        fmi.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUID);
        fmi.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUID);
        fmi.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUID);
        fmi.setString(Tag.ImplementationClassUID, VR.UI, Implementation.getClassUID());
        fmi.setString(Tag.ImplementationVersionName, VR.SH, Implementation.getVersionName());
        return fmi;
    }

    /** File Meta Information for {@code ds} (SOP Class/Instance UIDs taken from it). */
    public static Attributes createFileMetaInformation(Attributes ds, String transferSyntaxUID) {
        return createFileMetaInformation(
                ds.getString(Tag.SOPInstanceUID, ""), ds.getString(Tag.SOPClassUID, ""), transferSyntaxUID);
    }

    /** Writes the preamble, "DICM" and the File Meta group (Explicit VR LE, with group length). */
    public void writeFileMetaInformation(Attributes fmi) throws IOException {
        String tsuid = fmi.getString(Tag.TransferSyntaxUID);
        if (tsuid != null && !tsuid.equals(ts.uid())) {
            throw new IllegalArgumentException(
                    "File Meta transfer syntax " + tsuid + " is not the stream's " + ts.uid());
        }
        if (preamble) {
            out.write(new byte[128]);
            out.write(new byte[] {'D', 'I', 'C', 'M'});
        }
        boolean e = explicitVR;
        explicitVR = true;
        bigEndian = false;
        writeGroup(fmi, 0x0002);
        explicitVR = e;
        out.flush();
    }

    private void writeGroup(Attributes attrs, int group) throws IOException {
        long len = 0;
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            if (tag >>> 16 == group && (tag & 0xFFFF) != 0) {
                len += elementLength(attrs, i);
            }
        }
        writeHeader(group << 16, VR.UL, 4);
        byte[] v = new byte[4];
        ByteUtils.put32(v, 0, (int) len, bigEndian);
        out.write(v);
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            if (tag >>> 16 == group && (tag & 0xFFFF) != 0) {
                writeElement(attrs, i);
            }
        }
    }

    /**
     * Writes a Part 10 file ({@code fmi} not null) or a bare data set: group 0002 elements of
     * {@code ds} are left out; deflated syntaxes deflate everything after the File Meta group.
     */
    public void writeDataset(Attributes fmi, Attributes ds) throws IOException {
        if (fmi != null) {
            writeFileMetaInformation(fmi);
        }
        explicitVR = ts.explicitVR();
        bigEndian = false;
        DeflaterOutputStream deflater = null;
        OutputStream plain = out;
        if (ts.deflated()) {
            deflater = new DeflaterOutputStream(raw, new Deflater(DEFAULT_DEFLATE_LEVEL, true), 65536);
            out = new BufferedOutputStream(deflater, 65536);
        }
        writeElements(ds, true);
        out.flush();
        if (deflater != null) {
            deflater.finish();
            deflater.flush();
            out = plain;
        }
    }

    /** Writes a DIMSE command set: Implicit VR LE, (0000,0000) CommandGroupLength first. */
    public void writeCommand(Attributes cmd) throws IOException {
        boolean e = explicitVR;
        explicitVR = false;
        bigEndian = false;
        writeGroup(cmd, 0x0000);
        explicitVR = e;
        out.flush();
    }

    private void writeElements(Attributes attrs, boolean topLevel) throws IOException {
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            if (topLevel && (tag >>> 16) == 0x0002) {
                continue;
            }
            if ((tag & 0xFFFF) == 0) {
                writeGroupLength(attrs, i);
            } else {
                writeElement(attrs, i);
            }
        }
    }

    private void writeGroupLength(Attributes attrs, int index) throws IOException {
        int group = attrs.tagAt(index) >>> 16;
        long len = 0;
        for (int i = index + 1; i < attrs.size() && attrs.tagAt(i) >>> 16 == group; i++) {
            len += elementLength(attrs, i);
        }
        writeHeader(attrs.tagAt(index), VR.UL, 4);
        byte[] v = new byte[4];
        ByteUtils.put32(v, 0, (int) len, bigEndian);
        out.write(v);
    }

    private VR writtenVR(VR vr, long valueLength) {
        return explicitVR && !vr.longHeader() && valueLength > 0xFFFF ? VR.UN : vr;
    }

    private long headerLength(VR vr) {
        return explicitVR ? vr.headerLength() : 8;
    }

    /** Encoded length of element {@code i} including its header. */
    private long elementLength(Attributes attrs, int i) throws IOException {
        Object v = attrs.valueAt(i);
        VR vr = attrs.vrAt(i);
        if (v instanceof Sequence seq) {
            long len = headerLength(VR.SQ) + 8;
            for (Attributes item : seq) {
                len += 16;
                for (int k = 0; k < item.size(); k++) {
                    len += elementLength(item, k);
                }
            }
            return len;
        }
        if (v instanceof Fragments frags) {
            long len = headerLength(vr) + 8;
            for (int k = 0; k < frags.size(); k++) {
                len += 8 + ((frags.length(k) + 1) & ~1L);
            }
            return len;
        }
        long vlen = valueLength(attrs, i);
        return headerLength(writtenVR(vr, vlen)) + vlen;
    }

    private long valueLength(Attributes attrs, int i) {
        Object v = attrs.valueAt(i);
        if (v == null) {
            return 0;
        }
        if (v instanceof BulkData bd) {
            return (bd.length() + 1) & ~1L;
        }
        if (v instanceof byte[] b) {
            return (b.length + 1) & ~1;
        }
        return attrs.getBytes(attrs.tagAt(i)).length;
    }

    private void writeElement(Attributes attrs, int i) throws IOException {
        int tag = attrs.tagAt(i);
        VR vr = attrs.vrAt(i);
        Object v = attrs.valueAt(i);
        if (v instanceof Sequence seq) {
            writeHeader(tag, VR.SQ, -1);
            for (Attributes item : seq) {
                writeHeader(Tag.Item, null, -1);
                writeElements(item, false);
                writeHeader(Tag.ItemDelimitationItem, null, 0);
            }
            writeHeader(Tag.SequenceDelimitationItem, null, 0);
            return;
        }
        if (v instanceof Fragments frags) {
            writeHeader(tag, vr, -1);
            for (int k = 0; k < frags.size(); k++) {
                Object f = frags.get(k);
                long len = frags.length(k);
                writeHeader(Tag.Item, null, (int) ((len + 1) & ~1L));
                if (f instanceof BulkData bd) {
                    copy(bd, 1);
                } else {
                    out.write((byte[]) f);
                }
                if ((len & 1) != 0) {
                    out.write(0);
                }
            }
            writeHeader(Tag.SequenceDelimitationItem, null, 0);
            return;
        }
        if (v instanceof BulkData bd) {
            long len = (bd.length() + 1) & ~1L;
            writeHeader(tag, writtenVR(vr, len), (int) len);
            copy(bd, bd.bigEndian() != bigEndian ? vr.swapUnit() : 1);
            if ((bd.length() & 1) != 0) {
                out.write(vr.paddingByte());
            }
            return;
        }
        byte[] b = v == null ? new byte[0] : attrs.getBytes(tag);
        if (attrs.bigEndian() != bigEndian && vr.swapUnit() > 1) {
            b = b.clone();
            ByteUtils.swap(b, 0, b.length, vr.swapUnit());
        }
        int len = (b.length + 1) & ~1;
        writeHeader(tag, writtenVR(vr, len), len);
        out.write(b);
        if ((b.length & 1) != 0) {
            out.write(vr.paddingByte());
        }
    }

    private void copy(BulkData bd, int swapUnit) throws IOException {
        byte[] buf = new byte[65536];
        long left = bd.length();
        try (InputStream in = bd.openStream()) {
            while (left > 0) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) {
                    throw new IOException("bulk data " + bd.uri() + " ends " + left + " bytes early");
                }
                if (swapUnit > 1) {
                    ByteUtils.swap(buf, 0, n, swapUnit);
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** Writes a header; {@code vr} null for item tags; {@code len} -1 for undefined length. */
    private void writeHeader(int tag, VR vr, int len) throws IOException {
        ByteUtils.put16(header, 0, tag >>> 16, bigEndian);
        ByteUtils.put16(header, 2, tag, bigEndian);
        if (vr == null || !explicitVR) {
            ByteUtils.put32(header, 4, len, bigEndian);
            out.write(header, 0, 8);
        } else if (vr.longHeader()) {
            header[4] = (byte) (vr.code() >> 8);
            header[5] = (byte) vr.code();
            header[6] = 0;
            header[7] = 0;
            ByteUtils.put32(header, 8, len, bigEndian);
            out.write(header, 0, 12);
        } else {
            header[4] = (byte) (vr.code() >> 8);
            header[5] = (byte) vr.code();
            ByteUtils.put16(header, 6, len, bigEndian);
            out.write(header, 0, 8);
        }
    }

    /** The transfer syntax UID data sets are written in. */
    public String getTransferSyntax() {
        return ts.uid();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
        raw.close();
    }

    /** Default transfer syntax for new files. */
    public static final String DEFAULT_TRANSFER_SYNTAX = UID.ExplicitVRLittleEndian;
}
