package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PhotometricInterpretation;
import io.radflow.dicom.image.PixelDataException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * JPEG 2000 (.90 lossless, .91) decoding with OpenCV's OpenJPEG ({@code imdecode}). OpenCV 4.9
 * refuses signed components, so for signed data the sign flag of the SIZ segment is cleared and the
 * DC offset that OpenJPEG then adds ({@code 2^(precision-1)}) is subtracted again: exact for
 * lossless data (checked against pydicom's signed 16-bit files), the same correction pydicom applies
 * after Pillow. jai-imageio's pure Java decoder was rejected for decoding: it loops forever on some
 * corrupt packet headers (found by {@code CodecFuzzTest}). Colour images coded with a component
 * transform (YBR_RCT / YBR_ICT) decode to RGB.
 */
public final class Jpeg2000Decoder implements FrameDecoder {
    private static final long MAX_TILES = 65_535;

    @Override
    public ImageDescriptor decodedDescriptor(ImageDescriptor stored) {
        ImageDescriptor d = stored.withPlanarConfiguration(0);
        PhotometricInterpretation pi = d.photometricInterpretation();
        return pi == PhotometricInterpretation.YBR_RCT || pi == PhotometricInterpretation.YBR_ICT
                ? d.withPhotometricInterpretation(PhotometricInterpretation.RGB)
                : d;
    }

    @Override
    public byte[] decode(ImageDescriptor stored, byte[] frame) throws PixelDataException {
        Jpeg2000Header h = Jpeg2000Header.parse(frame);
        if (h.columns() != stored.columns()
                || h.rows() != stored.rows()
                || h.components() != stored.samplesPerPixel()) {
            throw new PixelDataException("JPEG 2000 frame is " + h.columns() + "x" + h.rows() + "x" + h.components()
                    + ", attributes say " + stored.columns() + "x" + stored.rows() + "x" + stored.samplesPerPixel());
        }
        if (h.tiles() > MAX_TILES) {
            throw new PixelDataException("JPEG 2000 frame has " + h.tiles() + " tiles");
        }
        if (h.precision() > stored.bitsAllocated() || h.precision() > 16) {
            throw new PixelDataException(
                    "JPEG 2000 precision " + h.precision() + " exceeds Bits Allocated " + stored.bitsAllocated());
        }
        byte[] input = frame;
        int offset = 0;
        if (h.anySigned()) {
            input = frame.clone();
            h.clearSignFlags(input);
            offset = 1 << (h.precision() - 1);
        }
        OpenCvLoader.load();
        Mat mat;
        MatOfByte buf = new MatOfByte(input);
        try {
            mat = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED);
        } catch (RuntimeException e) {
            throw new PixelDataException(-1, "JPEG 2000 decoding failed: " + e.getMessage(), e);
        } finally {
            buf.release();
        }
        try {
            if (mat.empty()) {
                throw new PixelDataException("JPEG 2000 decoding failed (OpenJPEG rejected the codestream)");
            }
            int channels = mat.channels();
            if (mat.rows() != stored.rows() || mat.cols() != stored.columns() || channels != stored.samplesPerPixel()) {
                throw new PixelDataException("JPEG 2000 decoded to " + mat.cols() + "x" + mat.rows() + "x" + channels);
            }
            int n = mat.rows() * mat.cols() * channels;
            int[] v = new int[n];
            int depth = mat.depth();
            if (depth == CvType.CV_8U) {
                byte[] b = new byte[n];
                mat.get(0, 0, b);
                for (int i = 0; i < n; i++) {
                    v[i] = b[i] & 0xFF;
                }
            } else if (depth == CvType.CV_16U || depth == CvType.CV_16S) {
                short[] s = new short[n];
                mat.get(0, 0, s);
                for (int i = 0; i < n; i++) {
                    v[i] = depth == CvType.CV_16U ? s[i] & 0xFFFF : s[i];
                }
            } else {
                throw new PixelDataException("JPEG 2000 decoded to unexpected OpenCV depth " + depth);
            }
            if (channels == 3) {
                for (int i = 0; i < n; i += 3) { // OpenCV returns BGR
                    int t = v[i];
                    v[i] = v[i + 2];
                    v[i + 2] = t;
                }
            }
            ImageDescriptor out = decodedDescriptor(stored);
            int bps = out.bytesPerSample();
            byte[] bytes = new byte[out.frameLength()];
            for (int i = 0; i < n; i++) {
                int x = v[i] - offset;
                bytes[i * bps] = (byte) x;
                if (bps > 1) {
                    bytes[i * bps + 1] = (byte) (x >> 8);
                    if (bps > 2) {
                        bytes[i * bps + 2] = (byte) (x >> 16);
                        bytes[i * bps + 3] = (byte) (x >> 24);
                    }
                }
            }
            return bytes;
        } finally {
            mat.release();
        }
    }
}
