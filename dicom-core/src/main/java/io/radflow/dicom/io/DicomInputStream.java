package io.radflow.dicom.io;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.ElementDictionary;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.PrivateElementDictionary;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads DICOM Part 10 files and bare data sets in Implicit VR Little Endian, Explicit VR Little
 * Endian, Explicit VR Big Endian (retired) and Deflated Explicit VR Little Endian, with undefined
 * lengths, nested sequences, encapsulated pixel data and, for files, pixel data (or any large
 * value) handed out as {@link BulkData} ranges without reading it.
 *
 * <p>Every structural problem (truncation, lengths beyond the input or the enclosing item, bad
 * tags in sequences, exceeded {@link DicomInputLimits}) ends in a {@link DicomStreamException}
 * naming the byte offset.
 */
public final class DicomInputStream implements Closeable {
    /** What becomes {@link BulkData} instead of bytes in memory (only when reading a file). */
    public enum BulkDataMode {
        /** Every value in memory. */
        INLINE,
        /** Pixel Data (7FE0,0010/0008/0009) and its fragments as file ranges. */
        PIXEL_DATA,
        /** Pixel data and binary values longer than the bulk data threshold as file ranges. */
        LARGE_VALUES
    }

    private static final int UNDEFINED = -1;

    private final InputBuffer in;
    private final Path file;
    private long inputLength;
    private boolean inflated;
    private DicomInputLimits limits = DicomInputLimits.DEFAULT;
    private BulkDataMode bulkDataMode = BulkDataMode.INLINE;
    private long bulkDataThreshold = 64 * 1024;

    private Attributes fmi;
    private boolean fmiRead;
    private TransferSyntax ts;
    private boolean explicitVR;
    private boolean bigEndian;
    private long elements;
    private long inlineBytes;
    private Inflater inflater;
    private boolean readingFmi;

    /** Reads from a stream whose first bytes are a preamble, a File Meta group or a data set. */
    public DicomInputStream(InputStream in) {
        this.in = new InputBuffer(in);
        this.file = null;
        this.inputLength = in instanceof ByteArrayInputStream b ? b.available() : -1;
    }

    /** Reads a bare data set of the given transfer syntax (no preamble, no File Meta group). */
    public DicomInputStream(InputStream in, String transferSyntaxUID) throws IOException {
        this(in);
        fmiRead = true;
        switchTransferSyntax(TransferSyntax.of(transferSyntaxUID));
    }

    /** Reads a file; pixel data can then be handed out as {@link BulkData} ranges. */
    public DicomInputStream(Path file) throws IOException {
        java.nio.channels.FileChannel channel =
                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
        this.in = new InputBuffer(channel);
        this.file = file.toAbsolutePath();
        this.inputLength = channel.size();
    }

    public DicomInputStream setLimits(DicomInputLimits limits) {
        this.limits = limits;
        return this;
    }

    public DicomInputStream setBulkDataMode(BulkDataMode mode) {
        this.bulkDataMode = mode;
        return this;
    }

    /** Values longer than this become BulkData in {@link BulkDataMode#LARGE_VALUES}. */
    public DicomInputStream setBulkDataThreshold(long bytes) {
        this.bulkDataThreshold = bytes;
        return this;
    }

    /** Bytes read so far (of the inflated data set after the File Meta group when deflated). */
    public long position() {
        return in.position();
    }

    /** The transfer syntax of the data set (known after {@link #readFileMetaInformation()}). */
    public String getTransferSyntax() {
        return ts == null ? null : ts.uid();
    }

    /** The File Meta Information read, or null if the input has none. */
    public Attributes getFileMetaInformation() {
        return fmi;
    }

    /**
     * Reads the preamble and the File Meta Information group if present, and determines the
     * transfer syntax of the data set (from (0002,0010), else by looking at the first element).
     */
    public Attributes readFileMetaInformation() throws IOException {
        if (fmiRead) {
            return fmi;
        }
        fmiRead = true;
        try {
            readPreambleAndFileMetaInformation();
        } catch (DicomStreamException e) {
            throw e;
        } catch (EOFException e) {
            throw new DicomStreamException("truncated File Meta Information", position(), e);
        } catch (IOException e) {
            throw new DicomStreamException("cannot read input: " + e, position(), e);
        }
        return fmi;
    }

    private void readPreambleAndFileMetaInformation() throws IOException {
        byte[] b = in.array();
        if (in.fill(132)
                && b[in.pos() + 128] == 'D'
                && b[in.pos() + 129] == 'I'
                && b[in.pos() + 130] == 'C'
                && b[in.pos() + 131] == 'M') {
            in.skipBuffered(132);
        }
        if (in.fill(6) && ByteUtils.u16(b, in.pos(), false) == 0x0002) {
            fmi = new Attributes(false, 12);
            explicitVR = looksExplicit();
            bigEndian = false;
            readingFmi = true;
            readElements(fmi, UNDEFINED, 0, -1);
            readingFmi = false;
        }
        String tsuid = fmi == null ? null : fmi.getString(Tag.TransferSyntaxUID);
        if (tsuid == null || tsuid.isEmpty()) {
            guessTransferSyntax();
        } else {
            switchTransferSyntax(TransferSyntax.of(tsuid));
            if (!ts.deflated() && !ts.bigEndian() && in.fill(6)) {
                explicitVR = looksExplicit(); // tolerate files whose data set contradicts (0002,0010)
            }
        }
    }

    private boolean looksExplicit() {
        byte[] b = in.array();
        int p = in.pos();
        return VR.of(((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF)) != null;
    }

    private void guessTransferSyntax() throws IOException {
        if (!in.fill(8)) {
            ts = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            explicitVR = false;
            return;
        }
        byte[] b = in.array();
        int p = in.pos();
        boolean be = b[p] == 0 && b[p + 1] != 0;
        boolean explicit = looksExplicit();
        ts = explicit
                ? be ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        explicitVR = explicit;
        bigEndian = be && explicit;
    }

    private void switchTransferSyntax(TransferSyntax t) throws IOException {
        ts = t;
        explicitVR = t.explicitVR();
        bigEndian = t.bigEndian();
        if (t.deflated()) {
            inflater = new Inflater(true);
            in.replace(new InflaterInputStream(in.remaining(), inflater, 16384));
            inflated = true;
            inputLength = -1;
        }
    }

    /** Reads the whole data set (after the File Meta group, which is read first if present). */
    public Attributes readDataset() throws IOException {
        return readDataset(-1);
    }

    /** Reads the data set up to, not including, Pixel Data (7FE0,0010). */
    public Attributes readDatasetUntilPixelData() throws IOException {
        return readDataset(Tag.PixelData);
    }

    /**
     * Reads the top level data set up to (not including) the first element whose tag is equal to
     * or greater than {@code stopTag} (compared unsigned; -1 reads everything). A later call
     * continues from there, returning the remaining elements.
     */
    public Attributes readDataset(int stopTag) throws IOException {
        readFileMetaInformation();
        Attributes ds = new Attributes(bigEndian, 64);
        try {
            readElements(ds, UNDEFINED, 0, stopTag);
        } catch (DicomStreamException e) {
            throw e;
        } catch (EOFException e) {
            throw new DicomStreamException("unexpected end of input", position(), e);
        } catch (IOException e) {
            throw new DicomStreamException("cannot read input: " + e, position(), e);
        }
        return ds;
    }

    private DicomStreamException error(String problem) {
        return new DicomStreamException(problem, position());
    }

    /**
     * Reads elements into {@code attrs} until {@code end} (UNDEFINED: until an item delimiter
     * when depth > 0, else end of input) or a tag ≥ stopTag at the top level.
     */
    private void readElements(Attributes attrs, long end, int depth, int stopTag) throws IOException {
        byte[] b = in.array();
        while (true) {
            if (end != UNDEFINED) {
                long left = end - position();
                if (left == 0) {
                    return;
                }
                if (left < 8) {
                    throw error("element header crosses the end of its item (" + left + " bytes left)");
                }
            }
            if (!in.fill(8)) {
                if (depth == 0 && end == UNDEFINED && in.atEnd()) {
                    if (in.fill(1)) {
                        throw error("truncated element header");
                    }
                    return;
                }
                if (in.fill(1)) {
                    throw error("truncated element header");
                }
                throw error(depth == 0 ? "unexpected end of input" : "unexpected end of input inside an item");
            }
            long headerPos = position();
            int p = in.pos();
            int tag = (ByteUtils.u16(b, p, bigEndian) << 16) | ByteUtils.u16(b, p + 2, bigEndian);
            if (depth == 0
                    && (readingFmi
                            ? (tag >>> 16) != 0x0002
                            : stopTag != -1 && Integer.compareUnsigned(tag, stopTag) >= 0)) {
                return;
            }
            if (position() > limits.maxTotalBytes()) {
                throw error("input exceeds " + limits.maxTotalBytes() + " bytes");
            }
            if (++elements > limits.maxElements()) {
                throw error("more than " + limits.maxElements() + " elements");
            }
            if (tag == Tag.ItemDelimitationItem) {
                in.skipBuffered(8);
                if (depth > 0 && end == UNDEFINED) {
                    return;
                }
                continue; // stray delimiter: ignored, as pydicom and dcmtk do
            }
            if (tag == Tag.SequenceDelimitationItem && depth == 0) {
                in.skipBuffered(8);
                continue;
            }
            if (tag == Tag.Item || (tag >>> 16) == 0xFFFE) {
                throw error("unexpected " + Tag.toString(tag) + " outside a sequence");
            }
            VR vr;
            VR knownVR = null;
            long len;
            if (explicitVR) {
                int code = ((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF);
                vr = VR.of(code);
                if (vr == null) {
                    throw error(String.format("invalid VR 0x%04X of %s", code, Tag.toString(tag)));
                }
                if (vr.longHeader()) {
                    if (!in.fill(12)) {
                        throw error("truncated element header");
                    }
                    p = in.pos();
                    len = ByteUtils.i32(b, p + 8, bigEndian) & 0xFFFFFFFFL;
                    in.skipBuffered(12);
                } else {
                    len = ByteUtils.u16(b, p + 6, bigEndian);
                    in.skipBuffered(8);
                }
                if (vr == VR.UN && tag >>> 16 != 0xFFFE) {
                    // UN of an element the dictionaries know (public, or private of a known
                    // creator): read with the dictionary's VR, as pydicom does
                    knownVR = implicitVR(attrs, tag, len);
                }
            } else {
                len = ByteUtils.i32(b, p + 4, bigEndian) & 0xFFFFFFFFL;
                in.skipBuffered(8);
                vr = implicitVR(attrs, tag, len);
            }
            if (knownVR != null && knownVR != VR.UN && len != 0xFFFFFFFFL) {
                readUN(attrs, tag, knownVR, len, end, depth, headerPos);
            } else {
                readValue(attrs, tag, vr, len == 0xFFFFFFFFL ? UNDEFINED : len, end, depth, headerPos);
            }
        }
    }

    /** The VR of an element whose header has none (or UN), positioned at its value of length {@code len}. */
    private VR implicitVR(Attributes attrs, int tag, long len) throws IOException {
        ElementDictionary.Entry e = ElementDictionary.entry(tag);
        if (e == null) {
            return Tag.isPrivateTag(tag) ? privateVR(attrs, tag, len) : VR.UN;
        }
        if (!e.ambiguousVR()) {
            return e.vr();
        }
        if (e.vr() == VR.OB) {
            return VR.OW; // PS3.5 A.1: Pixel Data (and the other OB or OW elements) are OW in Implicit VR
        }
        if (tag == Tag.LUTData) {
            return attrs.getInt(Tag.LUTDescriptor, 0) == 1 ? VR.US : VR.OW;
        }
        if (e.vr() == VR.US || e.vr() == VR.SS) {
            Attributes a = attrs; // PixelRepresentation is usually in the top level data set
            while (a.getParent() != null && !a.contains(Tag.PixelRepresentation)) {
                a = a.getParent();
            }
            return a.getInt(Tag.PixelRepresentation, 0) == 1 ? VR.SS : VR.US;
        }
        return e.vr();
    }

    /**
     * VR of a private data element from the {@link PrivateElementDictionary}, by the
     * private creator of its block in the same data set (PS3.5 7.8.1); UN where the creator or the
     * element is unknown, or where the value cannot have the dictionary's VR (a length that is not
     * a multiple of the value size, a defined length sequence that does not begin with an item).
     */
    private VR privateVR(Attributes attrs, int tag, long len) throws IOException {
        int creatorTag = PrivateElementDictionary.creatorTag(tag);
        if (creatorTag == -1 || !attrs.contains(creatorTag)) {
            return VR.UN;
        }
        PrivateElementDictionary.Entry e = PrivateElementDictionary.entry(attrs.getString(creatorTag), tag);
        if (e == null) {
            return VR.UN;
        }
        VR vr = e.ambiguousVR() ? VR.OW : e.vr(); // OB or OW: OW in Implicit VR (PS3.5 A.1)
        if (len == 0xFFFFFFFFL || len == 0) {
            return vr;
        }
        if (vr.kind() == VR.Kind.BINARY && len % vr.bytesPerValue() != 0) {
            return VR.UN;
        }
        if (vr == VR.SQ) {
            if (len < 8 || !in.fill(4)) {
                return VR.UN;
            }
            int p = in.pos();
            int first = (ByteUtils.u16(in.array(), p, false) << 16) | ByteUtils.u16(in.array(), p + 2, false);
            return first == Tag.Item ? vr : VR.UN;
        }
        return vr;
    }

    private void readValue(Attributes attrs, int tag, VR vr, long len, long end, int depth, long headerPos)
            throws IOException {
        if (len == UNDEFINED) {
            if (vr == VR.SQ) {
                readSequence(attrs, tag, UNDEFINED, end, depth);
            } else if (isPixelData(tag) || (explicitVR && vr != VR.UN)) {
                readFragments(attrs, tag, explicitVR ? vr : VR.OB, end); // encapsulated: OB (PS3.5 A.4)
            } else {
                // UN (explicit) or unknown (implicit) with undefined length: an Implicit VR LE
                // encoded sequence (PS3.5 6.2.2, CP-246)
                boolean e = explicitVR;
                boolean be = bigEndian;
                explicitVR = false;
                bigEndian = false;
                try {
                    readSequence(attrs, tag, UNDEFINED, end, depth);
                } finally {
                    explicitVR = e;
                    bigEndian = be;
                }
            }
            return;
        }
        checkLength(len, end, tag);
        if (vr == VR.SQ) {
            readSequence(attrs, tag, len, end, depth);
            return;
        }
        if (useBulkData(tag, vr, len)) {
            attrs.setValue(tag, vr, BulkData.ofFile(file, position(), len, bigEndian));
            in.skipFully(len);
            return;
        }
        attrs.setBytes(tag, vr, readBytes(len, tag));
    }

    /**
     * A public element sent as UN (defined length): read with its dictionary VR; a sequence's
     * content is Implicit VR LE (CP-246).
     */
    private void readUN(Attributes attrs, int tag, VR vr, long len, long end, int depth, long headerPos)
            throws IOException {
        checkLength(len, end, tag);
        boolean e = explicitVR;
        boolean be = bigEndian;
        explicitVR = false;
        bigEndian = false;
        try {
            if (vr == VR.SQ) {
                readValue(attrs, tag, vr, len, end, depth, headerPos);
                return;
            }
        } finally {
            explicitVR = e;
            bigEndian = be;
        }
        attrs.setBytes(tag, vr, readBytes(len, tag)); // bytes as in the transfer syntax, only the VR was unknown
    }

    private static boolean isPixelData(int tag) {
        return tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData;
    }

    private boolean useBulkData(int tag, VR vr, long len) {
        if (file == null || inflated || bulkDataMode == BulkDataMode.INLINE) {
            return false;
        }
        return isPixelData(tag)
                || (bulkDataMode == BulkDataMode.LARGE_VALUES
                        && len > bulkDataThreshold
                        && vr.kind() == VR.Kind.BINARY);
    }

    private void checkLength(long len, long end, int tag) throws DicomStreamException {
        if (end != UNDEFINED && len > end - position()) {
            throw error("length " + len + " of " + Tag.toString(tag) + " exceeds its item by "
                    + (len - (end - position())) + " bytes");
        }
        if (inputLength >= 0 && len > inputLength - position()) {
            throw error("length " + len + " of " + Tag.toString(tag) + " exceeds the remaining "
                    + (inputLength - position()) + " bytes of input");
        }
    }

    private byte[] readBytes(long len, int tag) throws IOException {
        if (len > limits.maxValueLength()) {
            throw error("value of " + Tag.toString(tag) + " longer than " + limits.maxValueLength() + " bytes: " + len);
        }
        inlineBytes += len;
        long heapShare = Runtime.getRuntime().maxMemory() / 2;
        if (inlineBytes > heapShare) {
            throw error("values read into memory exceed half the Java heap (" + heapShare + " bytes) at "
                    + Tag.toString(tag) + ": read large values as BulkData or raise -Xmx");
        }
        int n = (int) len;
        if (inputLength >= 0 || n <= 1 << 20) {
            byte[] v = new byte[n];
            try {
                in.readFully(v, 0, n);
            } catch (EOFException e) {
                throw error("value of " + Tag.toString(tag) + " truncated");
            }
            return v;
        }
        // unknown input length: grow with the data actually present
        byte[] v = new byte[1 << 20];
        int done = 0;
        while (done < n) {
            if (done == v.length) {
                v = java.util.Arrays.copyOf(v, (int) Math.min(n, (long) v.length * 2));
            }
            int chunk = Math.min(v.length - done, n - done);
            try {
                in.readFully(v, done, chunk);
            } catch (EOFException e) {
                throw error("value of " + Tag.toString(tag) + " truncated");
            }
            done += chunk;
        }
        return v;
    }

    private void readSequence(Attributes attrs, int tag, long len, long end, int depth) throws IOException {
        if (depth >= limits.maxDepth()) {
            throw error("sequences nested deeper than " + limits.maxDepth());
        }
        Sequence seq = attrs.newSequence(tag, 4);
        long seqEnd = len == UNDEFINED ? UNDEFINED : position() + len;
        byte[] b = in.array();
        while (seqEnd == UNDEFINED || position() < seqEnd) {
            if (!in.fill(8)) {
                throw error("unexpected end of input in sequence " + Tag.toString(tag));
            }
            int p = in.pos();
            int itemTag = (ByteUtils.u16(b, p, bigEndian) << 16) | ByteUtils.u16(b, p + 2, bigEndian);
            long itemLen = ByteUtils.i32(b, p + 4, bigEndian) & 0xFFFFFFFFL;
            if (++elements > limits.maxElements()) {
                throw error("more than " + limits.maxElements() + " elements");
            }
            if (itemTag == Tag.SequenceDelimitationItem) {
                in.skipBuffered(8);
                if (seqEnd == UNDEFINED) {
                    return;
                }
                continue;
            }
            if (itemTag != Tag.Item) {
                throw error("expected an item in sequence " + Tag.toString(tag) + ", found " + Tag.toString(itemTag));
            }
            in.skipBuffered(8);
            long itemEnd = UNDEFINED;
            if (itemLen != 0xFFFFFFFFL) {
                // an item may overrun a sequence length that is too short (dcmtk and pydicom read
                // it too), but never its enclosing item or the input
                checkLength(itemLen, end, Tag.Item);
                itemEnd = position() + itemLen;
            }
            Attributes item = new Attributes(bigEndian, 8);
            seq.add(item);
            readElements(item, itemEnd, depth + 1, -1);
        }
    }

    private void readFragments(Attributes attrs, int tag, VR vr, long end) throws IOException {
        Fragments frags = new Fragments(vr, bigEndian, 8);
        attrs.setValue(tag, vr, frags);
        byte[] b = in.array();
        while (true) {
            if (!in.fill(8)) {
                throw error("unexpected end of input in encapsulated " + Tag.toString(tag));
            }
            int p = in.pos();
            int itemTag = (ByteUtils.u16(b, p, bigEndian) << 16) | ByteUtils.u16(b, p + 2, bigEndian);
            long itemLen = ByteUtils.i32(b, p + 4, bigEndian) & 0xFFFFFFFFL;
            if (++elements > limits.maxElements()) {
                throw error("more than " + limits.maxElements() + " elements");
            }
            in.skipBuffered(8);
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw error("expected a fragment item in " + Tag.toString(tag) + ", found " + Tag.toString(itemTag));
            }
            if (itemLen == 0xFFFFFFFFL) {
                throw error("fragment of undefined length in " + Tag.toString(tag));
            }
            checkLength(itemLen, end, tag);
            if (useBulkData(tag, vr, itemLen) && isPixelData(tag)) {
                frags.add(BulkData.ofFile(file, position(), itemLen, bigEndian));
                in.skipFully(itemLen);
            } else {
                frags.add(readBytes(itemLen, tag));
            }
        }
    }

    /** Reads a DIMSE command set (Implicit VR Little Endian group 0000) from a bare stream. */
    public static Attributes readCommand(InputStream in) throws IOException {
        return new DicomInputStream(in, UID.ImplicitVRLittleEndian).readDataset(); // does not close in
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
