package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.PixelDataException;

/**
 * The image and tile size (SIZ) marker segment of a JPEG 2000 codestream (ITU-T T.800 A.5.1),
 * checked before decoding so that hostile sizes never reach the decoder.
 *
 * @param columns image width (Xsiz - XOsiz)
 * @param rows image height (Ysiz - YOsiz)
 * @param components number of components
 * @param precision bit depth of component 0
 * @param signed whether component 0 is signed
 * @param tiles number of tiles
 */
record Jpeg2000Header(int columns, int rows, int components, int precision, boolean signed, long tiles) {

    static Jpeg2000Header parse(byte[] d) throws PixelDataException {
        int p = find(d);
        if (p < 0) {
            throw new PixelDataException(0, "JPEG 2000 codestream (SOC, SIZ) not found");
        }
        p += 4; // SOC, SIZ markers
        if (p + 38 > d.length) {
            throw new PixelDataException(p, "JPEG 2000 SIZ segment truncated");
        }
        int lsiz = u16(d, p);
        long xsiz = u32(d, p + 4);
        long ysiz = u32(d, p + 8);
        long xo = u32(d, p + 12);
        long yo = u32(d, p + 16);
        long xt = u32(d, p + 20);
        long yt = u32(d, p + 24);
        long xto = u32(d, p + 28);
        long yto = u32(d, p + 32);
        int csiz = u16(d, p + 36);
        if (csiz < 1 || lsiz != 38 + 3 * csiz || p + lsiz > d.length) {
            throw new PixelDataException(p, "JPEG 2000 SIZ segment with " + csiz + " components, length " + lsiz);
        }
        if (xsiz <= xo || ysiz <= yo || xt == 0 || yt == 0 || xto > xo || yto > yo) {
            throw new PixelDataException(p, "JPEG 2000 image or tile geometry invalid");
        }
        long tiles = ((xsiz - xto + xt - 1) / xt) * ((ysiz - yto + yt - 1) / yt);
        int ssiz = d[p + 38] & 0xFF;
        return new Jpeg2000Header(
                (int) Math.min(Integer.MAX_VALUE, xsiz - xo),
                (int) Math.min(Integer.MAX_VALUE, ysiz - yo),
                csiz,
                (ssiz & 0x7F) + 1,
                (ssiz & 0x80) != 0,
                tiles);
    }

    private static int find(byte[] d) {
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == (byte) 0xFF && d[i + 1] == 0x4F && d[i + 2] == (byte) 0xFF && d[i + 3] == 0x51) {
                return i;
            }
        }
        return -1;
    }

    private static int u16(byte[] d, int i) {
        return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
    }

    private static long u32(byte[] d, int i) {
        return (long) u16(d, i) << 16 | u16(d, i + 2);
    }
}
