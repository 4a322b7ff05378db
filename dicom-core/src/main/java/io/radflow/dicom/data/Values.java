package io.radflow.dicom.data;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Conversions between encoded values and Java values; used by {@link Attributes}. */
final class Values {
    static final String[] NO_STRINGS = new String[0];

    private Values() {}

    /** Decodes the string values of {@code raw} (already in the element's VR). */
    static String[] decodeStrings(byte[] raw, VR vr, SpecificCharacterSet cs) {
        if (raw.length == 0) {
            return NO_STRINGS;
        }
        List<String> out = new ArrayList<>(2);
        int start = 0;
        if (vr.isMultiValuedString()) {
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == '\\') {
                    out.add(decodeOne(raw, start, i - start, vr, cs));
                    start = i + 1;
                }
            }
        } else {
            out.add(decodeOne(raw, 0, raw.length, vr, cs));
        }
        return out.toArray(NO_STRINGS);
    }

    private static String decodeOne(byte[] raw, int off, int len, VR vr, SpecificCharacterSet cs) {
        String s;
        if (vr == VR.PN) {
            s = decodePN(raw, off, len, cs);
        } else if (vr.usesSpecificCharacterSet()) {
            s = cs.decode(raw, off, len);
        } else {
            s = new String(raw, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return trim(s, vr);
    }

    private static String decodePN(byte[] raw, int off, int len, SpecificCharacterSet cs) {
        List<String> groups = new ArrayList<>(3);
        int start = off;
        for (int i = off; i <= off + len; i++) {
            if (i == off + len || raw[i] == '=') {
                groups.add(cs.decode(raw, start, i - start, true));
                start = i + 1;
            }
        }
        int n = groups.size();
        while (n > 0 && trim(groups.get(n - 1), VR.PN).isEmpty()) {
            n--;
        }
        return String.join("=", groups.subList(0, n));
    }

    static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        int start = 0;
        if (vr.isMultiValuedString() && vr != VR.UC) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    /** Encodes string values joined by backslash, padded to even length. */
    static byte[] encodeStrings(String[] values, VR vr, SpecificCharacterSet cs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write('\\');
            }
            String v = values[i] == null ? "" : values[i];
            out.writeBytes(
                    vr.usesSpecificCharacterSet()
                            ? cs.encode(v, vr == VR.PN)
                            : v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        if ((out.size() & 1) != 0) {
            out.write(vr.paddingByte());
        }
        return out.toByteArray();
    }

    /** Binary values as strings (numbers; AT as GGGGEEEE hex), or null for OB/OW/UN-like VRs. */
    static String[] binaryToStrings(byte[] raw, VR vr, boolean be) {
        switch (vr) {
            case US, SS, UL, SL, SV, UV, AT -> {
                long[] l = toLongs(raw, vr, be);
                String[] s = new String[l.length];
                for (int i = 0; i < l.length; i++) {
                    s[i] = vr == VR.AT
                            ? String.format("%08X", l[i])
                            : vr == VR.UV ? Long.toUnsignedString(l[i]) : Long.toString(l[i]);
                }
                return s;
            }
            case FL, FD, OF, OD -> {
                double[] d = toDoubles(raw, vr, be);
                String[] s = new String[d.length];
                for (int i = 0; i < d.length; i++) {
                    s[i] = vr == VR.FL || vr == VR.OF ? Float.toString((float) d[i]) : Double.toString(d[i]);
                }
                return s;
            }
            default -> {
                return null;
            }
        }
    }

    static long[] toLongs(byte[] raw, VR vr, boolean be) {
        int size = Math.max(1, vr.bytesPerValue());
        long[] out = new long[raw.length / size];
        for (int i = 0; i < out.length; i++) {
            int off = i * size;
            out[i] = switch (vr) {
                case US, OW -> ByteUtils.u16(raw, off, be);
                case SS -> (short) ByteUtils.u16(raw, off, be);
                case UL, OL -> ByteUtils.i32(raw, off, be) & 0xFFFFFFFFL;
                case SL -> ByteUtils.i32(raw, off, be);
                case AT -> ((long) ByteUtils.u16(raw, off, be) << 16) | ByteUtils.u16(raw, off + 2, be);
                case SV, UV, OV -> ByteUtils.i64(raw, off, be);
                case FL, OF -> (long) Float.intBitsToFloat(ByteUtils.i32(raw, off, be));
                case FD, OD -> (long) Double.longBitsToDouble(ByteUtils.i64(raw, off, be));
                default -> raw[off] & 0xFF;
            };
        }
        return out;
    }

    static double[] toDoubles(byte[] raw, VR vr, boolean be) {
        if (vr == VR.FL || vr == VR.OF || vr == VR.FD || vr == VR.OD) {
            int size = vr.bytesPerValue();
            double[] out = new double[raw.length / size];
            for (int i = 0; i < out.length; i++) {
                out[i] = size == 4
                        ? Float.intBitsToFloat(ByteUtils.i32(raw, i * size, be))
                        : Double.longBitsToDouble(ByteUtils.i64(raw, i * size, be));
            }
            return out;
        }
        long[] l = toLongs(raw, vr, be);
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = vr == VR.UV ? Double.parseDouble(Long.toUnsignedString(l[i])) : l[i];
        }
        return out;
    }

    static byte[] fromLongs(long[] values, VR vr, boolean be) {
        int size = Math.max(1, vr.bytesPerValue());
        byte[] b = new byte[values.length * size];
        for (int i = 0; i < values.length; i++) {
            int off = i * size;
            long v = values[i];
            switch (vr) {
                case US, SS, OW -> ByteUtils.put16(b, off, (int) v, be);
                case UL, SL, OL -> ByteUtils.put32(b, off, (int) v, be);
                case AT -> {
                    ByteUtils.put16(b, off, (int) (v >>> 16), be);
                    ByteUtils.put16(b, off + 2, (int) v, be);
                }
                case SV, UV, OV -> ByteUtils.put64(b, off, v, be);
                case FL, OF -> ByteUtils.put32(b, off, Float.floatToIntBits(v), be);
                case FD, OD -> ByteUtils.put64(b, off, Double.doubleToLongBits(v), be);
                default -> b[off] = (byte) v;
            }
        }
        return b;
    }

    static byte[] fromDoubles(double[] values, VR vr, boolean be) {
        if (vr == VR.FL || vr == VR.OF || vr == VR.FD || vr == VR.OD) {
            int size = vr.bytesPerValue();
            byte[] b = new byte[values.length * size];
            for (int i = 0; i < values.length; i++) {
                if (size == 4) {
                    ByteUtils.put32(b, i * size, Float.floatToIntBits((float) values[i]), be);
                } else {
                    ByteUtils.put64(b, i * size, Double.doubleToLongBits(values[i]), be);
                }
            }
            return b;
        }
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.round(values[i]);
        }
        return fromLongs(l, vr, be);
    }

    /** Formats a Decimal String of at most 16 characters. */
    static String formatDS(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 15; digits > 0; digits--) {
            String t = new BigDecimal(d)
                    .round(new java.math.MathContext(digits))
                    .stripTrailingZeros()
                    .toString();
            if (t.length() <= 16) {
                return t;
            }
        }
        return String.format("%.6E", d);
    }
}
