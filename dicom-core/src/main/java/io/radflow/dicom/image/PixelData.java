package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.image.codec.Codecs;
import io.radflow.dicom.image.codec.FrameDecoder;
import java.io.IOException;

/**
 * The frames of one image's Pixel Data (7FE0,0010): native ({@code byte[]} or {@link BulkData}) or
 * encapsulated ({@link Fragments}). Frames are numbered from 0 here (WADO-RS numbers from 1).
 *
 * <ul>
 *   <li>{@link #storedFrame} returns a frame as stored: the compressed bytes of an encapsulated
 *       frame (WADO-RS frames with {@code transfer-syntax=*}), or the native bytes of the frame;
 *   <li>{@link #decodedFrame} returns native little-endian bytes laid out as {@link
 *       #decodedDescriptor()} says (WADO-RS frames "decompressed");
 *   <li>{@link #raster} returns the stored values of a frame, ready for the LUT pipeline.
 * </ul>
 *
 * <p>A {@link BulkData} value is read one frame range at a time; nothing else is loaded.
 */
public final class PixelData {
    private final ImageDescriptor descriptor;
    private final String transferSyntaxUID;
    private final Object value;
    private final boolean bigEndian;
    private final int[][] fragmentRanges;
    private final FrameDecoder decoder;

    private PixelData(
            ImageDescriptor descriptor,
            String transferSyntaxUID,
            Object value,
            boolean bigEndian,
            int[][] fragmentRanges,
            FrameDecoder decoder) {
        this.descriptor = descriptor;
        this.transferSyntaxUID = transferSyntaxUID;
        this.value = value;
        this.bigEndian = bigEndian;
        this.fragmentRanges = fragmentRanges;
        this.decoder = decoder;
    }

    /**
     * Reads the descriptor and locates the frames of {@code ds}, a data set in {@code
     * transferSyntaxUID}. Codec availability is checked only when a frame is decoded, so that
     * stored frames of any syntax can be served.
     */
    public static PixelData of(Attributes ds, String transferSyntaxUID) throws PixelDataException {
        ImageDescriptor d = ImageDescriptors.of(ds);
        Object v = ds.getValue(Tag.PixelData);
        if (v == null) {
            throw new PixelDataException("no Pixel Data (7FE0,0010)");
        }
        TransferSyntax ts = TransferSyntax.of(transferSyntaxUID);
        if (v instanceof Fragments f) {
            if (!ts.encapsulated()) {
                throw new PixelDataException("encapsulated Pixel Data in native transfer syntax " + transferSyntaxUID);
            }
            return new PixelData(d, transferSyntaxUID, f, false, FrameFragments.ranges(ds, f, d.frames()), null);
        }
        if (ts.encapsulated()) {
            throw new PixelDataException("native Pixel Data in encapsulated transfer syntax " + transferSyntaxUID);
        }
        boolean be = v instanceof BulkData b ? b.bigEndian() : ds.bigEndian() || ts.bigEndian();
        long length = v instanceof BulkData b ? b.length() : v instanceof byte[] bytes ? bytes.length : -1;
        if (length < 0) {
            throw new PixelDataException(
                    "Pixel Data value of unexpected type " + v.getClass().getSimpleName());
        }
        if (length < d.pixelDataLength()) {
            throw new PixelDataException(
                    length, "native Pixel Data has " + length + " bytes, " + d.pixelDataLength() + " expected");
        }
        return new PixelData(d, transferSyntaxUID, v, be, null, null);
    }

    /** The descriptor of the stored image. */
    public ImageDescriptor descriptor() {
        return descriptor;
    }

    public String transferSyntaxUID() {
        return transferSyntaxUID;
    }

    public boolean encapsulated() {
        return fragmentRanges != null;
    }

    public int frames() {
        return descriptor.frames();
    }

    /** The descriptor of {@link #decodedFrame} output (codecs may change colour space or layout). */
    public ImageDescriptor decodedDescriptor() throws UnsupportedTransferSyntaxException {
        return encapsulated() ? decoder().decodedDescriptor(descriptor) : descriptor;
    }

    private FrameDecoder decoder() throws UnsupportedTransferSyntaxException {
        return decoder != null ? decoder : Codecs.decoder(transferSyntaxUID);
    }

    /**
     * Frame {@code index} as stored: concatenated fragments when encapsulated, otherwise the
     * native bytes of the frame in the stored byte order (1-bit frames realigned to bit 0).
     */
    public byte[] storedFrame(int index) throws PixelDataException {
        checkIndex(index);
        if (encapsulated()) {
            return FrameFragments.concat((Fragments) value, fragmentRanges[index]);
        }
        if (descriptor.bitsAllocated() == 1) {
            return oneBitFrame(index);
        }
        long len = descriptor.frameLength();
        return read((long) index * len, (int) len);
    }

    /** Frame {@code index} decoded to native little-endian bytes ({@link #decodedDescriptor()}). */
    public byte[] decodedFrame(int index) throws PixelDataException {
        byte[] stored = storedFrame(index);
        if (encapsulated()) {
            byte[] out = decoder().decode(descriptor, stored);
            int expected = decoder().decodedDescriptor(descriptor).frameLength();
            if (out.length != expected) {
                throw new PixelDataException("decoded frame has " + out.length + " bytes, " + expected + " expected");
            }
            return out;
        }
        if (bigEndian && descriptor.bitsAllocated() > 8) {
            ByteUtils.swap(stored, 0, stored.length, descriptor.bytesPerSample());
        }
        return stored;
    }

    /** The stored values of frame {@code index}. */
    public PixelRaster raster(int index) throws PixelDataException {
        ImageDescriptor d = decodedDescriptor().withFrames(1);
        return NativePixelDecoder.decode(d, decodedFrame(index), 0, false);
    }

    private void checkIndex(int index) throws PixelDataException {
        if (index < 0 || index >= frames()) {
            throw new PixelDataException("frame " + (index + 1) + " of " + frames() + " does not exist");
        }
    }

    private byte[] read(long offset, int len) throws PixelDataException {
        if (value instanceof byte[] b) {
            byte[] out = new byte[len];
            System.arraycopy(b, (int) offset, out, 0, len);
            return out;
        }
        BulkData bd = (BulkData) value;
        try {
            return new BulkData(bd.uri(), bd.offset() + offset, len, bd.bigEndian()).toBytes();
        } catch (IOException e) {
            throw new PixelDataException(offset, "pixel data unreadable: " + e.getMessage(), e);
        }
    }

    private byte[] oneBitFrame(int index) throws PixelDataException {
        long startBit = descriptor.frameBits() * index;
        int bits = (int) descriptor.frameBits();
        long firstByte = startBit >>> 3;
        int shift = (int) (startBit & 7);
        int span = (shift + bits + 7) / 8;
        byte[] src = read(firstByte, span);
        byte[] out = new byte[(bits + 7) / 8];
        for (int i = 0; i < out.length; i++) {
            int lo = (src[i] & 0xFF) >>> shift;
            int hi = i + 1 < src.length ? (src[i + 1] & 0xFF) << (8 - shift) : 0;
            out[i] = (byte) (shift == 0 ? src[i] : lo | hi);
        }
        if ((bits & 7) != 0) {
            out[out.length - 1] &= (byte) ((1 << (bits & 7)) - 1);
        }
        return out;
    }
}
