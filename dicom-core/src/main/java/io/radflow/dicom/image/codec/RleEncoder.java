package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PixelDataException;
import java.io.ByteArrayOutputStream;

/**
 * RLE Lossless encoder (PS3.5 Annex G.3): one PackBits segment per byte of each sample, most
 * significant byte first; every row is encoded on its own; every segment has an even length. The
 * native input is little endian in the Planar Configuration of the descriptor; the encoded image
 * keeps that descriptor (RLE segments are colour-by-plane whatever the attribute says).
 */
public final class RleEncoder implements FrameEncoder {

    @Override
    public ImageDescriptor encodedDescriptor(ImageDescriptor nativeDescriptor) {
        return nativeDescriptor;
    }

    @Override
    public byte[] encode(ImageDescriptor d, byte[] frame) throws PixelDataException {
        if (d.bitsAllocated() == 1 || d.subsampledNative()) {
            throw new PixelDataException("RLE Lossless cannot encode " + d.bitsAllocated() + "-bit "
                    + d.photometricInterpretation().code() + " data");
        }
        int bps = d.bytesPerSample();
        int spp = d.samplesPerPixel();
        int segments = bps * spp;
        if (segments > RleDecoder.MAX_SEGMENTS) {
            throw new PixelDataException("RLE Lossless allows 15 segments, image needs " + segments);
        }
        if (frame.length < d.frameLength()) {
            throw new PixelDataException(frame.length, "native frame shorter than " + d.frameLength() + " bytes");
        }
        int n = d.pixelsPerFrame();
        int cols = d.columns();
        boolean planar = d.planarConfiguration() == 1 && spp > 1;
        ByteArrayOutputStream body = new ByteArrayOutputStream(frame.length / 2 + 64);
        byte[] header = new byte[RleDecoder.HEADER_LENGTH];
        putU32(header, 0, segments);
        byte[] row = new byte[cols];
        for (int seg = 0; seg < segments; seg++) {
            putU32(header, 4 + 4 * seg, RleDecoder.HEADER_LENGTH + body.size());
            int sample = seg / bps;
            int byteInSample = bps - 1 - seg % bps;
            int start = planar ? sample * n * bps + byteInSample : sample * bps + byteInSample;
            int stride = planar ? bps : bps * spp;
            for (int r = 0; r < d.rows(); r++) {
                int o = start + r * cols * stride;
                for (int c = 0; c < cols; c++, o += stride) {
                    row[c] = frame[o];
                }
                packBits(row, cols, body);
            }
            if ((body.size() & 1) != 0) {
                body.write(0);
            }
        }
        byte[] out = new byte[RleDecoder.HEADER_LENGTH + body.size()];
        System.arraycopy(header, 0, out, 0, header.length);
        byte[] b = body.toByteArray();
        System.arraycopy(b, 0, out, header.length, b.length);
        return out;
    }

    /** PackBits: runs of 3 or more equal bytes are replicated, the rest are literal runs. */
    static void packBits(byte[] in, int len, ByteArrayOutputStream out) {
        int i = 0;
        while (i < len) {
            int run = 1;
            while (i + run < len && run < 128 && in[i + run] == in[i]) {
                run++;
            }
            if (run >= 3 || (run == 2 && i + 2 == len)) {
                out.write(1 - run);
                out.write(in[i]);
                i += run;
                continue;
            }
            int litStart = i;
            int lit = 0;
            while (i < len && lit < 128) {
                if (i + 2 < len && in[i] == in[i + 1] && in[i] == in[i + 2]) {
                    break;
                }
                i++;
                lit++;
            }
            out.write(lit - 1);
            out.write(in, litStart, lit);
        }
    }

    private static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
