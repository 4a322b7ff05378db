package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;

/**
 * RLE Lossless decoder (PS3.5 Annex G). A frame is a 64-byte header (number of segments and 15
 * segment offsets, little endian) followed by PackBits-compressed segments: one per byte of each
 * sample, most significant byte first, sample 0 first. The decoded frame is little endian, in the
 * Planar Configuration of the stored descriptor.
 *
 * <p>Hostile data are bounded: the output never exceeds the frame size of the descriptor, offsets
 * are checked against the frame, and a segment that ends early is an error.
 */
public final class RleDecoder implements FrameDecoder {
    static final int HEADER_LENGTH = 64;
    static final int MAX_SEGMENTS = 15;

    @Override
    public ImageDescriptor decodedDescriptor(ImageDescriptor stored) {
        // RLE data are never subsampled: YBR_FULL_422 with RLE is read as YBR_FULL
        return stored.photometricInterpretation() == PhotometricInterpretation.YBR_FULL_422
                ? stored.withPhotometricInterpretation(PhotometricInterpretation.YBR_FULL)
                : stored;
    }

    @Override
    public byte[] decode(ImageDescriptor d, byte[] frame) throws PixelDataException {
        if (d.bitsAllocated() == 1) {
            throw new PixelDataException("RLE Lossless with Bits Allocated 1 is not supported");
        }
        int bps = d.bytesPerSample();
        int spp = d.samplesPerPixel();
        int expected = bps * spp;
        if (frame.length < HEADER_LENGTH) {
            throw new PixelDataException(frame.length, "RLE frame shorter than its 64-byte header");
        }
        long segments = u32(frame, 0);
        if (segments != expected) {
            throw new PixelDataException(0, "RLE header announces " + segments + " segments, image needs " + expected);
        }
        int[] offsets = new int[expected + 1];
        for (int i = 0; i < expected; i++) {
            long o = u32(frame, 4 + 4 * i);
            long min = i == 0 ? HEADER_LENGTH : offsets[i];
            if (o < min || o > frame.length) {
                throw new PixelDataException(4 + 4 * i, "RLE segment " + (i + 1) + " offset " + o + " invalid");
            }
            offsets[i] = (int) o;
        }
        offsets[expected] = frame.length;
        int n = d.pixelsPerFrame();
        // a 2-byte replicate run yields at most 128 bytes: refuse before allocating the output
        if ((long) n * expected > 64L * frame.length) {
            throw new PixelDataException(
                    frame.length, "RLE frame of " + frame.length + " bytes cannot hold " + n + " pixels");
        }
        byte[] out = new byte[n * expected];
        boolean planar = d.planarConfiguration() == 1 && spp > 1;
        for (int seg = 0; seg < expected; seg++) {
            int sample = seg / bps;
            int byteInSample = bps - 1 - seg % bps; // segment 0 of a sample is its most significant byte
            int start;
            int stride;
            if (planar) {
                start = sample * n * bps + byteInSample;
                stride = bps;
            } else {
                start = sample * bps + byteInSample;
                stride = bps * spp;
            }
            unpackBits(frame, offsets[seg], offsets[seg + 1], out, start, stride, n, seg);
        }
        return out;
    }

    /** PackBits-decodes {@code [from, to)} into {@code count} bytes of {@code out}. */
    static void unpackBits(byte[] in, int from, int to, byte[] out, int start, int stride, int count, int seg)
            throws PixelDataException {
        int p = from;
        int done = 0;
        int o = start;
        while (done < count) {
            if (p >= to) {
                throw new PixelDataException(
                        p, "RLE segment " + (seg + 1) + " ends after " + done + " of " + count + " bytes");
            }
            int h = in[p++];
            if (h >= 0) {
                int len = Math.min(h + 1, count - done);
                if (p + len > to) {
                    throw new PixelDataException(p, "RLE literal run of " + (h + 1) + " bytes passes segment end");
                }
                for (int k = 0; k < len; k++, o += stride) {
                    out[o] = in[p + k];
                }
                p += h + 1;
                done += len;
            } else if (h != -128) {
                if (p >= to) {
                    throw new PixelDataException(p, "RLE replicate run without its byte");
                }
                byte b = in[p++];
                int len = Math.min(1 - h, count - done);
                for (int k = 0; k < len; k++, o += stride) {
                    out[o] = b;
                }
                done += len;
            }
        }
    }

    static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
