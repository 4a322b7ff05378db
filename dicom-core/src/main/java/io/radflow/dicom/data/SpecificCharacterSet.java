package io.radflow.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Specific Character Set (0008,0005): decodes and encodes the values of SH, LO, ST, LT, PN, UC and
 * UT, including ISO 2022 code extensions with escape sequences (PS3.5 6.1.2.5).
 *
 * <p>Decoding follows pydicom's rules so both toolkits read the same text (one deliberate
 * difference: ISO 2022 IR 58 G1 designations are stripped like IR 149's, where pydicom 2.3 keeps
 * the escape characters in the text): the bytes are split at
 * ESC, each fragment is decoded with the character set its escape sequence designates (when that
 * character set is listed in the attribute), a single-byte or G1 designation ends at the first
 * delimiter (CR LF FF TAB; for PN also '^'), and bytes before any escape use the first term.
 * Supported terms: ISO_IR 6 (read as ISO 8859-1, as pydicom does), ISO_IR 100/101/109/110/126/
 * 127/138/144/148/166/13, ISO_IR 192 (UTF-8), GB18030, GBK and their ISO 2022 variants, among them
 * ISO 2022 IR 149 (Korean KS X 1001), IR 87/159 (Japanese JIS X 0208/0212), IR 13 and IR 58.
 */
public final class SpecificCharacterSet {
    /** One character set with its ISO 2022 escape sequence. */
    enum Codec {
        DEFAULT("ISO-8859-1", esc('(', 'B'), false),
        LATIN1("ISO-8859-1", esc('-', 'A'), false),
        SHIFT_JIS("Shift_JIS", esc(')', 'I'), false),
        ISO2022JP("ISO-2022-JP", esc('$', 'B'), true),
        LATIN2("ISO-8859-2", esc('-', 'B'), false),
        LATIN3("ISO-8859-3", esc('-', 'C'), false),
        LATIN4("ISO-8859-4", esc('-', 'D'), false),
        GREEK("ISO-8859-7", esc('-', 'F'), false),
        ARABIC("ISO-8859-6", esc('-', 'G'), false),
        HEBREW("ISO-8859-8", esc('-', 'H'), false),
        CYRILLIC("ISO-8859-5", esc('-', 'L'), false),
        LATIN5("ISO-8859-9", esc('-', 'M'), false),
        THAI("TIS-620", esc('-', 'T'), false),
        EUC_KR("EUC-KR", esc('$', ')', 'C'), false),
        ISO2022JP2("ISO-2022-JP-2", esc('$', '(', 'D'), true),
        GB2312("GB2312", esc('$', ')', 'A'), false),
        UTF8("UTF-8", new byte[0], false),
        GB18030("GB18030", new byte[0], false),
        GBK("GBK", new byte[0], false);

        final Charset charset;
        final byte[] escape;
        final boolean handlesEscapes;

        Codec(String charset, byte[] escape, boolean handlesEscapes) {
            this.charset = Charset.forName(charset);
            this.escape = escape;
            this.handlesEscapes = handlesEscapes;
        }

        private static byte[] esc(char... c) {
            byte[] b = new byte[c.length + 1];
            b[0] = 0x1B;
            for (int i = 0; i < c.length; i++) {
                b[i + 1] = (byte) c[i];
            }
            return b;
        }

        static Codec forTerm(String term) {
            return switch (term) {
                case "", "ISO_IR 6", "ISO 2022 IR 6" -> DEFAULT;
                case "ISO_IR 13", "ISO 2022 IR 13" -> SHIFT_JIS;
                case "ISO_IR 100", "ISO 2022 IR 100" -> LATIN1;
                case "ISO_IR 101", "ISO 2022 IR 101" -> LATIN2;
                case "ISO_IR 109", "ISO 2022 IR 109" -> LATIN3;
                case "ISO_IR 110", "ISO 2022 IR 110" -> LATIN4;
                case "ISO_IR 126", "ISO 2022 IR 126" -> GREEK;
                case "ISO_IR 127", "ISO 2022 IR 127" -> ARABIC;
                case "ISO_IR 138", "ISO 2022 IR 138" -> HEBREW;
                case "ISO_IR 144", "ISO 2022 IR 144" -> CYRILLIC;
                case "ISO_IR 148", "ISO 2022 IR 148" -> LATIN5;
                case "ISO_IR 166", "ISO 2022 IR 166" -> THAI;
                case "ISO 2022 IR 87" -> ISO2022JP;
                case "ISO 2022 IR 149" -> EUC_KR;
                case "ISO 2022 IR 159" -> ISO2022JP2;
                case "ISO 2022 IR 58", "ISO 2022 58" -> GB2312;
                case "ISO_IR 192" -> UTF8;
                case "GB18030" -> GB18030;
                case "GBK", "ISO 2022 GBK" -> GBK;
                default -> null;
            };
        }

        static Codec forEscape(byte[] b, int off, int len) {
            for (Codec c : values()) {
                if (c.escape.length > 0
                        && c.escape.length == len
                        && Arrays.equals(c.escape, 0, len, b, off, off + len)) {
                    return c;
                }
            }
            if (len == 3 && b[off + 1] == '(' && b[off + 2] == 'J') {
                return SHIFT_JIS; // ISO-IR 14 (JIS X 0201 Romaji)
            }
            return null;
        }
    }

    /** The default character repertoire (no Specific Character Set). */
    public static final SpecificCharacterSet DEFAULT =
            new SpecificCharacterSet(new String[0], new Codec[] {Codec.DEFAULT});

    private static final int ESC = 0x1B;

    private final String[] terms;
    private final Codec[] codecs;

    private SpecificCharacterSet(String[] terms, Codec[] codecs) {
        this.terms = terms;
        this.codecs = codecs;
    }

    /**
     * The character set for the values of (0008,0005). Misspelt terms are corrected as pydicom
     * does ("ISO IR 100" → "ISO_IR 100"); unknown terms fall back to the default repertoire.
     */
    public static SpecificCharacterSet valueOf(String... terms) {
        if (terms == null || terms.length == 0) {
            return DEFAULT;
        }
        List<Codec> list = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            String term = terms[i] == null ? "" : terms[i].trim();
            Codec c = Codec.forTerm(term);
            if (c == null) {
                c = Codec.forTerm(corrected(term));
            }
            if (c == null) {
                c = Codec.DEFAULT;
            }
            boolean standAlone = c == Codec.UTF8 || c == Codec.GB18030 || c == Codec.GBK;
            if (standAlone && i > 0) {
                continue; // stand-alone encodings are only valid as the only (first) term
            }
            list.add(c);
            if (standAlone) {
                break;
            }
        }
        return new SpecificCharacterSet(terms.clone(), list.toArray(new Codec[0]));
    }

    private static String corrected(String term) {
        String t = term.toUpperCase(Locale.ROOT);
        if (t.matches("^ISO[^_]IR.*")) {
            return "ISO_IR" + t.substring(6);
        }
        if (t.matches("^ISO.2022.IR..*")) {
            return "ISO 2022 IR " + t.substring(12);
        }
        return t;
    }

    /** The defined terms this character set was created from. */
    public String[] terms() {
        return terms.clone();
    }

    /** True if the character set uses ISO 2022 escape sequences (more than one term). */
    public boolean isISO2022() {
        return codecs.length > 1 || (terms.length > 0 && terms[0].startsWith("ISO 2022"));
    }

    /** True if bytes decode as UTF-8. */
    public boolean isUTF8() {
        return codecs[0] == Codec.UTF8;
    }

    /** Decodes a text value (not PN); delimiters CR LF FF TAB reset single-byte designations. */
    public String decode(byte[] b, int off, int len) {
        return decode(b, off, len, false);
    }

    /**
     * Decodes one value; {@code pn} selects the person name delimiter '^' instead of the text
     * delimiters.
     */
    public String decode(byte[] b, int off, int len, boolean pn) {
        int esc = indexOf(b, off, off + len, ESC);
        if (esc < 0) {
            return new String(b, off, len, codecs[0].charset);
        }
        StringBuilder sb = new StringBuilder(len);
        int end = off + len;
        int start = off;
        if (esc > off) {
            sb.append(new String(b, off, esc - off, codecs[0].charset));
            start = esc;
        }
        while (start < end) {
            int next = indexOf(b, start + 1, end, ESC);
            if (next < 0) {
                next = end;
            }
            decodeEscaped(b, start, next, pn, sb);
            start = next;
        }
        return sb.toString();
    }

    private void decodeEscaped(byte[] b, int start, int end, boolean pn, StringBuilder sb) {
        int n = end - start;
        int seqLen = n >= 3 && b[start + 1] == '$' && (b[start + 2] == '(' || b[start + 2] == ')') ? 4 : 3;
        Codec codec = n >= seqLen ? Codec.forEscape(b, start, seqLen) : null;
        if (codec != null && (codec == Codec.DEFAULT || contains(codec))) {
            if (codec.handlesEscapes) {
                sb.append(new String(b, start, n, codec.charset));
                return;
            }
            int from = start + seqLen;
            int delim = end;
            for (int i = from; i < end; i++) {
                int c = b[i] & 0xFF;
                if (pn ? c == '^' : (c == 0x0D || c == 0x0A || c == 0x09 || c == 0x0C)) {
                    delim = i;
                    break;
                }
            }
            sb.append(new String(b, from, delim - from, codec.charset));
            sb.append(new String(b, delim, end - delim, codecs[0].charset));
            return;
        }
        sb.append(new String(b, start, n, codecs[0].charset));
    }

    private boolean contains(Codec codec) {
        for (Codec c : codecs) {
            if (c == codec) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] b, int from, int to, int value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Encodes a text value (not PN). */
    public byte[] encode(String s) {
        return encode(s, false);
    }

    /**
     * Encodes one value. With several terms, each run of characters the first character set
     * cannot encode is written with the escape sequence of the first listed set that can; the
     * designation is repeated after each delimiter ('^' and '=' for PN, control characters).
     */
    public byte[] encode(String s, boolean pn) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        Codec first = codecs[0];
        if (codecs.length == 1 || canEncode(first, s)) {
            return s.getBytes(first == Codec.DEFAULT ? StandardCharsets.ISO_8859_1 : first.charset);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
        Codec current = first;
        int i = 0;
        while (i < s.length()) {
            int j = i + 1;
            Codec c = codecFor(s.charAt(i));
            while (j < s.length() && !isDelimiter(s.charAt(j), pn) && codecFor(s.charAt(j)) == c) {
                j++;
            }
            String run = s.substring(i, j);
            byte[] bytes = run.getBytes(c.charset);
            if (c == first) {
                boolean ascii = run.chars().allMatch(ch -> ch < 0x80);
                if (current != first && !ascii && first.escape.length > 0) {
                    out.writeBytes(first.escape);
                }
                out.writeBytes(bytes);
                if (!ascii) {
                    current = first;
                }
            } else {
                if (!c.handlesEscapes) {
                    out.writeBytes(c.escape);
                } else if (first == Codec.SHIFT_JIS && endsWith(bytes, ESC_ASCII)) {
                    // back to G0 as the first term defines it: JIS X 0201 Romaji (ISO-IR 14)
                    bytes[bytes.length - 1] = 'J';
                }
                out.writeBytes(bytes);
                current = c.handlesEscapes ? first : c;
            }
            if (j < s.length() && isDelimiter(s.charAt(j), pn)) {
                current = first;
            }
            i = j;
        }
        return out.toByteArray();
    }

    private static final byte[] ESC_ASCII = {ESC, '(', 'B'};

    private static boolean endsWith(byte[] b, byte[] suffix) {
        return b.length >= suffix.length
                && Arrays.equals(b, b.length - suffix.length, b.length, suffix, 0, suffix.length);
    }

    private Codec codecFor(char ch) {
        if (ch < 0x80) {
            return codecs[0];
        }
        for (Codec c : codecs) {
            if (canEncode(c, String.valueOf(ch))) {
                return c;
            }
        }
        return codecs[0];
    }

    private static boolean isDelimiter(char c, boolean pn) {
        return c == 0x0D || c == 0x0A || c == 0x09 || c == 0x0C || c == '\\' || (pn && (c == '^' || c == '='));
    }

    private static boolean canEncode(Codec c, String s) {
        if (c == Codec.DEFAULT) {
            return s.chars().allMatch(ch -> ch < 0x80);
        }
        if (c == Codec.SHIFT_JIS) { // JIS X 0201 only: one byte per character
            for (int i = 0; i < s.length(); i++) {
                byte[] b = encodeStrict(c, s.substring(i, i + 1));
                if (b == null || b.length != 1) {
                    return false;
                }
            }
            return true;
        }
        return encodeStrict(c, s) != null;
    }

    /** The encoded bytes, or null if {@code c} cannot encode every character of {@code s}. */
    private static byte[] encodeStrict(Codec c, String s) {
        CharsetEncoder enc = c.charset
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(s));
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.join("\\", terms);
    }
}
