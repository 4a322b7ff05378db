package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.image.codec.Codecs;
import io.radflow.dicom.image.codec.FrameEncoder;

/**
 * The pixel data part of transcoding a data set between transfer syntaxes (used by {@code
 * transcode} and by WADO-RS): decompresses encapsulated pixel data to native, compresses native
 * (or decompressed) pixel data with an encoder ({@link Codecs#canEncode}), and updates Photometric
 * Interpretation and Planar Configuration when a codec changes them. Native to native needs no
 * pixel work here (byte order is the writer's business).
 */
public final class PixelDataTranscoder {
    private PixelDataTranscoder() {}

    /** True if pixel data in {@code fromTs} can be rewritten in {@code toTs}. */
    public static boolean canTranscode(String fromTs, String toTs) {
        TransferSyntax from = TransferSyntax.of(fromTs);
        TransferSyntax to = TransferSyntax.of(toTs);
        if (fromTs.equals(toTs) || (from.isNative() && to.isNative())) {
            return true;
        }
        return (from.isNative() || Codecs.canDecode(fromTs)) && (to.isNative() || Codecs.canEncode(toTs));
    }

    /**
     * Rewrites the Pixel Data of {@code ds} in place for {@code toTs}: native little-endian bytes
     * (OW, or OB for 8-bit data) or fragments with a Basic Offset Table; Extended Offset Tables are
     * removed, Photometric Interpretation / Planar Configuration follow the codec, and Lossy Image
     * Compression becomes "01" when the source was lossy. Returns {@code ds}.
     */
    public static Attributes transcode(Attributes ds, String fromTs, String toTs) throws PixelDataException {
        TransferSyntax from = TransferSyntax.of(fromTs);
        TransferSyntax to = TransferSyntax.of(toTs);
        if (fromTs.equals(toTs) || (from.isNative() && to.isNative()) || !ds.contains(Tag.PixelData)) {
            return ds;
        }
        PixelData pd = PixelData.of(ds, fromTs);
        ImageDescriptor nat = pd.decodedDescriptor();
        Attributes out = ds;
        if (from.lossy() && !ds.contains(Tag.LossyImageCompression)) {
            out.setString(Tag.LossyImageCompression, VR.CS, "01");
        }
        out.remove(Tag.ExtendedOffsetTable);
        out.remove(Tag.ExtendedOffsetTableLengths);
        if (to.isNative()) {
            byte[] all = new byte[checkedLength(nat.pixelDataLength() + (nat.pixelDataLength() & 1))];
            if (nat.bitsAllocated() == 1) {
                throw new PixelDataException("decompressing 1-bit pixel data is not supported");
            }
            int len = nat.frameLength();
            for (int f = 0; f < pd.frames(); f++) {
                System.arraycopy(pd.decodedFrame(f), 0, all, f * len, len);
            }
            if (out.bigEndian() && nat.bitsAllocated() > 8) {
                ByteUtils.swap(all, 0, all.length, nat.bytesPerSample());
            }
            out.setBytes(Tag.PixelData, nat.bitsAllocated() > 8 ? VR.OW : VR.OB, all);
            ImageDescriptors.update(out, nat);
            return out;
        }
        FrameEncoder encoder = Codecs.encoder(toTs);
        Fragments fragments = new Fragments(VR.OB, false, pd.frames() + 1);
        byte[] bot = new byte[4 * pd.frames()];
        fragments.add(bot);
        long pos = 0;
        for (int f = 0; f < pd.frames(); f++) {
            byte[] enc = encoder.encode(nat.withFrames(1), pd.decodedFrame(f));
            if (pos > 0xFFFFFFFFL) {
                throw new PixelDataException("compressed pixel data exceeds the 4 GiB Basic Offset Table range");
            }
            ByteUtils.put32(bot, 4 * f, (int) pos, false);
            fragments.add(enc);
            pos += 8 + enc.length;
        }
        out.setValue(Tag.PixelData, VR.OB, fragments);
        ImageDescriptors.update(out, encoder.encodedDescriptor(nat));
        return out;
    }

    private static int checkedLength(long len) throws PixelDataException {
        if (len > Integer.MAX_VALUE - 8) {
            throw new PixelDataException("native pixel data of " + len + " bytes does not fit one array");
        }
        return (int) len;
    }
}
