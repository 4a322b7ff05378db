package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.PixelDataException;
import java.io.ByteArrayOutputStream;

/**
 * The frame header (SOFn) of a JPEG stream (ITU-T T.81 B.2.2): read before decoding so that
 * dimensions can be checked against the attributes and unsupported processes refused clearly.
 *
 * @param marker the SOF marker (0xFFC0..0xFFCF, or 0xFFF7 for JPEG-LS)
 * @param precision sample precision in bits
 * @param rows number of lines
 * @param columns samples per line
 * @param components number of image components
 */
record JpegHeader(int marker, int precision, int rows, int columns, int components) {

    boolean lossless() {
        return marker == 0xFFC3 || marker == 0xFFC7 || marker == 0xFFCB || marker == 0xFFCF;
    }

    boolean jpegLS() {
        return marker == 0xFFF7;
    }

    static JpegHeader parse(byte[] d) throws PixelDataException {
        if (d.length < 4 || (d[0] & 0xFF) != 0xFF || (d[1] & 0xFF) != 0xD8) {
            throw new PixelDataException(0, "JPEG stream does not start with SOI");
        }
        int p = 2;
        while (p + 4 <= d.length) {
            if ((d[p] & 0xFF) != 0xFF) {
                throw new PixelDataException(p, "JPEG marker expected");
            }
            int marker = 0xFF00 | (d[p + 1] & 0xFF);
            if (marker == 0xFFFF) {
                p++; // fill byte
                continue;
            }
            int len = (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
            if (len < 2 || p + 2 + len > d.length) {
                throw new PixelDataException(p + 2, "JPEG segment length " + len + " invalid");
            }
            boolean sof =
                    (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC)
                            || marker == 0xFFF7;
            if (sof) {
                if (len < 8) {
                    throw new PixelDataException(p + 2, "JPEG frame header too short");
                }
                return new JpegHeader(
                        marker,
                        d[p + 4] & 0xFF,
                        (d[p + 5] & 0xFF) << 8 | (d[p + 6] & 0xFF),
                        (d[p + 7] & 0xFF) << 8 | (d[p + 8] & 0xFF),
                        d[p + 9] & 0xFF);
            }
            if (marker == 0xFFDA || marker == 0xFFD9) {
                break;
            }
            p += 2 + len;
        }
        throw new PixelDataException(p, "JPEG stream has no frame header (SOF)");
    }

    /**
     * The stream without its APP1..APP15 segments (some writers emit malformed Adobe APP14
     * segments that ImageIO refuses; the raster is read without colour conversion anyway).
     */
    static byte[] withoutAppSegments(byte[] d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, 2);
        int p = 2;
        while (p + 4 <= d.length && (d[p] & 0xFF) == 0xFF) {
            int m = d[p + 1] & 0xFF;
            if (m == 0xDA) {
                break;
            }
            int len = (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
            if (p + 2 + len > d.length) {
                break;
            }
            if (m < 0xE1 || m > 0xEF) {
                out.write(d, p, 2 + len);
            }
            p += 2 + len;
        }
        out.write(d, p, d.length - p);
        return out.toByteArray();
    }
}
