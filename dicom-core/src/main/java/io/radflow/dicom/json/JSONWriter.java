package io.radflow.dicom.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes data sets in the DICOM JSON Model (PS3.18 F.2) to a Jackson {@link JsonGenerator},
 * element by element, without building a tree: suitable for WADO-RS metadata of whole series.
 *
 * <pre>{@code
 * try (JsonGenerator gen = JSONWriter.createGenerator(out)) {
 *     JSONWriter w = new JSONWriter(gen).bulkDataURIPolicy(BulkDataURIPolicy.aboveThreshold(url + "/bulk", 1024));
 *     gen.writeStartArray();
 *     for (Attributes instance : instances) {
 *         w.write(instance);
 *     }
 *     gen.writeEndArray();
 * }
 * }</pre>
 *
 * <p>Encoding (F.2.3): keys are 8 upper-case hex digits in tag order; {@code "vr"} comes first;
 * an empty value has no {@code Value}; empty values inside a multi-valued element are {@code null};
 * DS, IS, FL, FD, SL, SS, SV, UL, US, UV are JSON numbers (a DS or IS that is no valid number, or
 * an FL/FD NaN or infinity, is written as a string; an SV/UV beyond ±2<sup>53</sup> too, so that
 * no precision is lost); AT values are hex strings; PN values are objects with {@code
 * Alphabetic}, {@code Ideographic} and {@code Phonetic} groups; binary values are base64 in
 * little endian byte order ({@code InlineBinary}) or a {@code BulkDataURI}; encapsulated pixel
 * data written inline is the encoded item sequence (as pydicom holds it).
 */
public final class JSONWriter {
    private static final JsonFactory FACTORY =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS;
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final JsonGenerator gen;
    private BulkDataURIPolicy policy = BulkDataURIPolicy.INLINE;

    /** A writer to {@code gen}. */
    public JSONWriter(JsonGenerator gen) {
        this.gen = Objects.requireNonNull(gen, "gen");
    }

    /** A UTF-8 generator on {@code out} that does not close {@code out} when closed. */
    public static JsonGenerator createGenerator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    /** Writes {@code datasets} as a JSON array to {@code out} (not closed), inline binary only. */
    public static void writeArray(OutputStream out, Iterator<Attributes> datasets, BulkDataURIPolicy policy)
            throws IOException {
        try (JsonGenerator g = createGenerator(out)) {
            JSONWriter w = new JSONWriter(g).bulkDataURIPolicy(policy);
            g.writeStartArray();
            while (datasets.hasNext()) {
                w.write(datasets.next());
            }
            g.writeEndArray();
        }
    }

    /** Sets the policy for binary values (default {@link BulkDataURIPolicy#INLINE}). */
    public JSONWriter bulkDataURIPolicy(BulkDataURIPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Writes one data set as a JSON object. */
    public void write(Attributes attrs) throws IOException {
        writeDataset(attrs, "");
    }

    private void writeDataset(Attributes attrs, String pathPrefix) throws IOException {
        gen.writeStartObject();
        for (int i = 0, n = attrs.size(); i < n; i++) {
            int tag = attrs.tagAt(i);
            VR vr = attrs.vrAt(i);
            String key = toHex(tag);
            gen.writeFieldName(key);
            gen.writeStartObject();
            gen.writeStringField("vr", vr.name());
            writeValue(attrs, tag, vr, attrs.valueAt(i), pathPrefix + key);
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    private void writeValue(Attributes attrs, int tag, VR vr, Object value, String path) throws IOException {
        if (value == null) {
            return;
        }
        if (value instanceof Sequence seq) {
            if (!seq.isEmpty()) {
                gen.writeArrayFieldStart("Value");
                for (int i = 0; i < seq.size(); i++) {
                    writeDataset(seq.get(i), path + "/" + i + "/");
                }
                gen.writeEndArray();
            }
            return;
        }
        if (value instanceof BulkData || value instanceof Fragments || isBulkVR(vr)) {
            writeBinary(attrs, tag, vr, value, path);
            return;
        }
        switch (vr) {
            case FL, FD -> writeFloats(vr, attrs.getDoubles(tag));
            case SS, US, SL, UL, SV, UV -> writeIntegers(vr, attrs.getLongs(tag));
            case AT -> {
                long[] v = attrs.getLongs(tag);
                if (v != null && v.length > 0) {
                    gen.writeArrayFieldStart("Value");
                    for (long t : v) {
                        gen.writeString(toHex((int) t));
                    }
                    gen.writeEndArray();
                }
            }
            default -> writeStrings(vr, attrs.getStrings(tag));
        }
    }

    private void writeStrings(VR vr, String[] values) throws IOException {
        if (values == null || values.length == 0 || (values.length == 1 && values[0].isEmpty())) {
            return;
        }
        gen.writeArrayFieldStart("Value");
        for (String s : values) {
            if (s.isEmpty()) {
                gen.writeNull();
            } else if (vr == VR.PN) {
                writePersonName(s);
            } else if (vr == VR.DS || vr == VR.IS) {
                writeDecimal(s);
            } else {
                gen.writeString(s);
            }
        }
        gen.writeEndArray();
    }

    private void writePersonName(String s) throws IOException {
        String[] groups = s.split("=", 4);
        gen.writeStartObject();
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int g = 0; g < Math.min(3, groups.length); g++) {
            String v = g == 2 && groups.length > 3 ? groups[2] + "=" + groups[3] : groups[g];
            if (!v.isEmpty()) {
                gen.writeStringField(names[g], v);
            }
        }
        gen.writeEndObject();
    }

    private void writeDecimal(String s) throws IOException {
        String t = s.strip();
        if (JSON_NUMBER.matcher(t).matches()) {
            gen.writeNumber(t);
            return;
        }
        try {
            gen.writeNumber(new java.math.BigDecimal(t).toString());
        } catch (NumberFormatException e) {
            gen.writeString(s); // not a number: keep the text
        }
    }

    private void writeFloats(VR vr, double[] values) throws IOException {
        if (values == null || values.length == 0) {
            return;
        }
        gen.writeArrayFieldStart("Value");
        for (double d : values) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeString(Double.toString(d));
            } else if (vr == VR.FL) {
                gen.writeNumber((float) d);
            } else {
                gen.writeNumber(d);
            }
        }
        gen.writeEndArray();
    }

    private void writeIntegers(VR vr, long[] values) throws IOException {
        if (values == null || values.length == 0) {
            return;
        }
        gen.writeArrayFieldStart("Value");
        for (long v : values) {
            if (vr == VR.UV && (v < 0 || v > MAX_SAFE_INTEGER)) {
                gen.writeString(Long.toUnsignedString(v));
            } else if (vr == VR.SV && (v > MAX_SAFE_INTEGER || v < -MAX_SAFE_INTEGER)) {
                gen.writeString(Long.toString(v));
            } else {
                gen.writeNumber(v);
            }
        }
        gen.writeEndArray();
    }

    private void writeBinary(Attributes attrs, int tag, VR vr, Object value, String path) throws IOException {
        long length = lengthOf(value);
        String uri = policy.bulkDataURI(path, tag, vr, value, length);
        if (uri == null && value instanceof BulkData bd && !bd.isFile()) {
            uri = bd.uri().toString();
        }
        if (uri != null) {
            gen.writeStringField("BulkDataURI", uri);
            return;
        }
        if (length == 0) {
            return;
        }
        int swapUnit = vr.swapUnit();
        if (value instanceof BulkData bd) {
            gen.writeFieldName("InlineBinary");
            if (bd.bigEndian() && swapUnit > 1 || bd.length() < 0) {
                byte[] b = bd.toBytes();
                if (bd.bigEndian()) {
                    swap(b, swapUnit);
                }
                gen.writeBinary(BASE64, b, 0, b.length);
            } else {
                try (InputStream in = bd.openStream()) {
                    gen.writeBinary(BASE64, in, (int) bd.length());
                }
            }
        } else if (value instanceof Fragments f) {
            byte[] b = encodeFragments(f);
            gen.writeFieldName("InlineBinary");
            gen.writeBinary(BASE64, b, 0, b.length);
        } else {
            byte[] b = attrs.getBytes(tag);
            if (attrs.bigEndian() && swapUnit > 1) {
                b = b.clone();
                swap(b, swapUnit);
            }
            gen.writeFieldName("InlineBinary");
            gen.writeBinary(BASE64, b, 0, b.length);
        }
    }

    private static long lengthOf(Object value) {
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof BulkData bd) {
            return bd.length();
        }
        if (value instanceof Fragments f) {
            long n = 0;
            for (int i = 0; i < f.size(); i++) {
                long l = f.length(i);
                if (l < 0) {
                    return -1;
                }
                n += 8 + l;
            }
            return n;
        }
        return -1;
    }

    /** The items of encapsulated pixel data as encoded in little endian, without the delimiter. */
    private static byte[] encodeFragments(Fragments f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < f.size(); i++) {
            byte[] b = f.bytes(i);
            int len = b.length + (b.length & 1);
            out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0});
            out.write(new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)});
            out.write(b);
            if ((b.length & 1) != 0) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    static boolean isBulkVR(VR vr) {
        return switch (vr) {
            case OB, OD, OF, OL, OV, OW, UN -> true;
            default -> false;
        };
    }

    private static void swap(byte[] b, int unit) {
        for (int i = 0; i + unit <= b.length; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    /** A tag as 8 upper-case hex digits, the key of the DICOM JSON Model. */
    public static String toHex(int tag) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX[tag & 0xF];
            tag >>>= 4;
        }
        return new String(c);
    }
}
