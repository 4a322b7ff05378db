package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Finds which fragments of encapsulated pixel data (PS3.5 A.4) belong to which frame: from the
 * Extended Offset Table, the Basic Offset Table, one fragment per frame, or, without any table,
 * the codec's start-of-image marker at the start of a fragment.
 */
final class FrameFragments {
    private FrameFragments() {}

    /** For each frame the fragment index range {@code [first, end)}; fragment 0 is the offset table. */
    static int[][] ranges(Attributes ds, Fragments fragments, int frames) throws PixelDataException {
        int n = fragments.size() - 1;
        if (n < 1) {
            throw new PixelDataException("encapsulated Pixel Data without fragments");
        }
        if (frames == 1) {
            return new int[][] {{1, n + 1}};
        }
        long[] pos = new long[n + 2];
        for (int i = 1; i <= n; i++) {
            pos[i + 1] = pos[i] + 8 + fragments.length(i);
        }
        long[] offsets = offsetTable(ds, fragments, frames);
        if (offsets != null) {
            return fromOffsets(offsets, pos, n);
        }
        if (n == frames) {
            int[][] r = new int[frames][];
            for (int f = 0; f < frames; f++) {
                r[f] = new int[] {f + 1, f + 2};
            }
            return r;
        }
        return fromMarkers(fragments, frames, n);
    }

    private static long[] offsetTable(Attributes ds, Fragments fragments, int frames) throws PixelDataException {
        byte[] eot = ds.getBytes(Tag.ExtendedOffsetTable);
        if (eot != null && eot.length > 0) {
            if (eot.length != 8L * frames) {
                throw new PixelDataException(
                        "Extended Offset Table has " + eot.length / 8 + " entries for " + frames + " frames");
            }
            long[] o = new long[frames];
            for (int f = 0; f < frames; f++) {
                o[f] = ByteUtils.i64(eot, 8 * f, false);
            }
            return o;
        }
        if (fragments.length(0) == 0) {
            return null;
        }
        byte[] bot;
        try {
            bot = fragments.bytes(0);
        } catch (IOException e) {
            throw new PixelDataException(-1, "Basic Offset Table unreadable: " + e.getMessage(), e);
        }
        if (bot.length != 4L * frames) {
            throw new PixelDataException(
                    "Basic Offset Table has " + bot.length / 4 + " entries for " + frames + " frames");
        }
        long[] o = new long[frames];
        for (int f = 0; f < frames; f++) {
            o[f] = ByteUtils.i32(bot, 4 * f, false) & 0xFFFFFFFFL;
        }
        return o;
    }

    private static int[][] fromOffsets(long[] offsets, long[] pos, int n) throws PixelDataException {
        int frames = offsets.length;
        int[] first = new int[frames];
        int i = 1;
        for (int f = 0; f < frames; f++) {
            while (i <= n && pos[i] < offsets[f]) {
                i++;
            }
            if (i > n || pos[i] != offsets[f] || (f > 0 && i <= first[f - 1])) {
                throw new PixelDataException(
                        "offset table entry " + (f + 1) + " (" + offsets[f] + ") does not point at a fragment");
            }
            first[f] = i;
        }
        int[][] r = new int[frames][];
        for (int f = 0; f < frames; f++) {
            r[f] = new int[] {first[f], f + 1 < frames ? first[f + 1] : n + 1};
        }
        return r;
    }

    private static int[][] fromMarkers(Fragments fragments, int frames, int n) throws PixelDataException {
        int[] first = new int[frames];
        int found = 0;
        for (int i = 1; i <= n && found <= frames; i++) {
            byte[] b;
            try {
                b = fragments.bytes(i);
            } catch (IOException e) {
                throw new PixelDataException(-1, "fragment " + i + " unreadable: " + e.getMessage(), e);
            }
            if (startsImage(b)) {
                if (found == frames) {
                    found++;
                    break;
                }
                first[found++] = i;
            }
        }
        if (found != frames || first[0] != 1) {
            throw new PixelDataException(
                    n + " fragments, no offset table, and no way to tell the " + frames + " frames apart");
        }
        int[][] r = new int[frames][];
        for (int f = 0; f < frames; f++) {
            r[f] = new int[] {first[f], f + 1 < frames ? first[f + 1] : n + 1};
        }
        return r;
    }

    /** JPEG SOI, JPEG 2000 codestream SOC+SIZ, or a JP2 signature box. */
    private static boolean startsImage(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return true;
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && b[1] == 0x4F && (b[2] & 0xFF) == 0xFF && b[3] == 0x51) {
            return true;
        }
        return b.length >= 8 && b[4] == 'j' && b[5] == 'P' && b[6] == ' ' && b[7] == ' ';
    }

    static byte[] concat(Fragments fragments, int[] range) throws PixelDataException {
        try {
            if (range[1] - range[0] == 1) {
                return fragments.bytes(range[0]);
            }
            long total = 0;
            for (int i = range[0]; i < range[1]; i++) {
                total += fragments.length(i);
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new PixelDataException("frame of " + total + " compressed bytes");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
            for (int i = range[0]; i < range[1]; i++) {
                out.write(fragments.bytes(i));
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (e instanceof PixelDataException p) {
                throw p;
            }
            throw new PixelDataException(-1, "fragment unreadable: " + e.getMessage(), e);
        }
    }
}
