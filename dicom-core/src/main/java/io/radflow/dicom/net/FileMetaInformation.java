package io.radflow.dicom.net;

import io.radflow.dicom.Implementation;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few File Meta Information elements (PS3.10 section 7.1) the network tools need to send a
 * Part 10 file as it is stored and to write a received data set as a Part 10 file: SOP class and
 * instance UID and transfer syntax. Reads and writes group 0002 in Explicit VR Little Endian.
 */
public record FileMetaInformation(String sopClassUID, String sopInstanceUID, String transferSyntaxUID) {
    private static final int MAX_GROUP_LENGTH = 1 << 20;

    /**
     * Reads the preamble, "DICM" and group 0002 from {@code in} (which must support mark/reset, e.g.
     * a {@link BufferedInputStream}), leaving the stream at the first byte of the data set.
     */
    public static FileMetaInformation read(InputStream in) throws IOException {
        byte[] pre = in.readNBytes(132);
        if (pre.length < 132 || pre[128] != 'D' || pre[129] != 'I' || pre[130] != 'C' || pre[131] != 'M') {
            throw new IOException("not a DICOM Part 10 file: no DICM prefix at offset 128");
        }
        String cuid = null;
        String iuid = null;
        String ts = null;
        long offset = 132;
        long groupEnd = -1;
        byte[] h = new byte[8];
        while (true) {
            if (groupEnd >= 0 && offset >= groupEnd) {
                break;
            }
            in.mark(8);
            int n = in.readNBytes(h, 0, 8);
            if (n < 8 || (h[0] != 2 || h[1] != 0)) {
                in.reset();
                if (n < 8 && groupEnd < 0 && n > 0) {
                    throw new EOFException("file meta information truncated at offset " + offset);
                }
                break;
            }
            int elem = (h[2] & 0xff) | (h[3] & 0xff) << 8;
            String vr = new String(h, 4, 2, StandardCharsets.US_ASCII);
            long len;
            int hl = 8;
            if (vr.equals("OB")
                    || vr.equals("OW")
                    || vr.equals("UN")
                    || vr.equals("SQ")
                    || vr.equals("UT")
                    || vr.equals("UC")
                    || vr.equals("UR")) {
                byte[] l4 = in.readNBytes(4);
                if (l4.length < 4) {
                    throw new EOFException("file meta information truncated at offset " + offset);
                }
                len = (l4[0] & 0xffL) | (l4[1] & 0xffL) << 8 | (l4[2] & 0xffL) << 16 | (l4[3] & 0xffL) << 24;
                hl = 12;
            } else {
                len = (h[6] & 0xff) | (h[7] & 0xff) << 8;
            }
            if (len > MAX_GROUP_LENGTH) {
                throw new IOException("file meta element (0002," + String.format("%04X", elem) + ") length " + len
                        + " at offset " + offset);
            }
            byte[] v = in.readNBytes((int) len);
            if (v.length < len) {
                throw new EOFException("file meta information truncated at offset " + offset);
            }
            switch (elem) {
                case 0x0000 ->
                    groupEnd = offset
                            + hl
                            + len
                            + ((v[0] & 0xffL) | (v[1] & 0xffL) << 8 | (v[2] & 0xffL) << 16 | (v[3] & 0xffL) << 24);
                case 0x0002 -> cuid = text(v);
                case 0x0003 -> iuid = text(v);
                case 0x0010 -> ts = text(v);
                default -> {}
            }
            offset += hl + len;
        }
        if (cuid == null || iuid == null || ts == null) {
            throw new IOException("file meta information lacks SOP class, SOP instance UID or transfer syntax");
        }
        return new FileMetaInformation(cuid, iuid, ts);
    }

    /** Writes preamble, "DICM" and group 0002 with Radflow's implementation UID and the source AE. */
    public void write(OutputStream out, String sourceAET) throws IOException {
        ByteArrayOutputStream g = new ByteArrayOutputStream(256);
        element(g, 0x0001, "OB", new byte[] {0, 1});
        element(g, 0x0002, "UI", uid(sopClassUID));
        element(g, 0x0003, "UI", uid(sopInstanceUID));
        element(g, 0x0010, "UI", uid(transferSyntaxUID));
        element(g, 0x0012, "UI", uid(Implementation.getClassUID()));
        element(g, 0x0013, "SH", pad(Implementation.getVersionName()));
        if (sourceAET != null) {
            element(g, 0x0016, "AE", pad(sourceAET));
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream(132 + 12 + g.size());
        f.write(new byte[128]);
        f.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        int gl = g.size();
        element(f, 0x0000, "UL", new byte[] {(byte) gl, (byte) (gl >> 8), (byte) (gl >> 16), (byte) (gl >> 24)});
        g.writeTo(f);
        f.writeTo(out);
    }

    private static void element(ByteArrayOutputStream o, int elem, String vr, byte[] v) {
        o.write(2);
        o.write(0);
        o.write(elem);
        o.write(elem >> 8);
        o.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            o.write(0);
            o.write(0);
            o.write(v.length);
            o.write(v.length >> 8);
            o.write(v.length >> 16);
            o.write(v.length >> 24);
        } else {
            o.write(v.length);
            o.write(v.length >> 8);
        }
        o.writeBytes(v);
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b.length & 1) == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] pad(String s) {
        return ((s.length() & 1) == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] v) {
        int e = v.length;
        while (e > 0 && (v[e - 1] == 0 || v[e - 1] == ' ')) {
            e--;
        }
        return new String(v, 0, e, StandardCharsets.US_ASCII).strip();
    }
}
