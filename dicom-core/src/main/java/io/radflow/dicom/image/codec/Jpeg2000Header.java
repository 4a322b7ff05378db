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
 * @param sizOffset position of the SIZ marker in the data
 */
record Jpeg2000Header(int columns, int rows, int components, int precision, boolean signed, long tiles, int sizOffset) {

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
        int prec = (ssiz & 0x7F) + 1;
        boolean anySigned = false;
        for (int c = 0; c < csiz; c++) {
            int sc = d[p + 38 + 3 * c] & 0xFF;
            if ((sc & 0x7F) + 1 != prec || d[p + 39 + 3 * c] != 1 || d[p + 40 + 3 * c] != 1) {
                throw new PixelDataException(p + 38 + 3 * c, "JPEG 2000 components differ in precision or sampling");
            }
            anySigned |= (sc & 0x80) != 0;
        }
        checkTileParts(d, p + lsiz);
        return new Jpeg2000Header(
                (int) Math.min(Integer.MAX_VALUE, xsiz - xo),
                (int) Math.min(Integer.MAX_VALUE, ysiz - yo),
                csiz,
                prec,
                anySigned,
                tiles,
                p - 2);
    }

    boolean anySigned() {
        return signed;
    }

    /** Marks every component unsigned in the SIZ segment of {@code d} (a copy of the parsed data). */
    void clearSignFlags(byte[] d) {
        for (int c = 0; c < components; c++) {
            d[sizOffset + 40 + 3 * c] &= 0x7F;
        }
    }

    /**
     * Walks the main header segments and the tile-parts: each SOT's Psot must end inside the data
     * at the next SOT or at EOC. jj2000 spins for minutes on truncated tile-parts, so they are
     * refused here.
     */
    private static void checkTileParts(byte[] d, int p) throws PixelDataException {
        while (true) {
            if (p + 4 > d.length || (d[p] & 0xFF) != 0xFF) {
                throw new PixelDataException(p, "JPEG 2000 main header marker expected");
            }
            int marker = 0xFF00 | (d[p + 1] & 0xFF);
            if (marker == 0xFF90) {
                break;
            }
            int len = u16(d, p + 2);
            if (len < 2) {
                throw new PixelDataException(p + 2, "JPEG 2000 segment length " + len);
            }
            p += 2 + len;
        }
        int parts = 0;
        while (p + 12 <= d.length && d[p] == (byte) 0xFF && d[p + 1] == (byte) 0x90) {
            long psot = u32(d, p + 6);
            if (u16(d, p + 2) != 10) {
                throw new PixelDataException(p + 2, "JPEG 2000 SOT segment length invalid");
            }
            if (psot == 0) {
                return; // last tile-part runs to EOC
            }
            if (psot < 14 || p + psot > d.length) {
                throw new PixelDataException(p + 6, "JPEG 2000 tile-part length " + psot + " exceeds the data");
            }
            p += (int) psot;
            if (++parts > 65_535) {
                throw new PixelDataException(p, "too many JPEG 2000 tile-parts");
            }
        }
        if (parts == 0 || p + 2 > d.length || d[p] != (byte) 0xFF || d[p + 1] != (byte) 0xD9) {
            throw new PixelDataException(p, "JPEG 2000 codestream does not end with EOC after its tile-parts");
        }
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
