package io.radflow.dicom.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ElementDictionary;
import io.radflow.dicom.data.VR;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the DICOM JSON Model (PS3.18 F.2) with a streaming Jackson {@link JsonParser} into {@link
 * Attributes}: one data set, or an array of data sets handed out one at a time.
 *
 * <p>Accepts the members of an element in any order, a missing {@code "vr"} (taken from the
 * dictionary, UN for unknown tags), numbers given as strings and strings given as numbers where
 * the VR allows, {@code NaN}/{@code Infinity} for FL/FD (as strings, or bare as Python writes them),
 * and base64 with or without padding.
 * {@code InlineBinary} is little endian; a {@code BulkDataURI} becomes a {@link BulkData} value with
 * that URI and unknown length. Everything else (syntax errors, wrong types, values out of range for
 * their VR, exceeded {@link Limits}) ends in a {@link DicomJsonException} with the location.
 */
public final class JSONReader implements Closeable {

    /**
     * Limits on untrusted input.
     *
     * @param maxSequenceDepth nesting depth of sequences
     * @param maxElements elements in all data sets read by one reader, nested ones included
     * @param maxStringLength longest JSON string (characters), InlineBinary included
     */
    public record Limits(int maxSequenceDepth, long maxElements, int maxStringLength) {
        /** 64 sequence levels, 50,000,000 elements, 256 Mi characters per string. */
        public static final Limits DEFAULT = new Limits(64, 50_000_000, 256 << 20);
    }

    private static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);
    private static final JsonFactory DEFAULT_FACTORY = factory(Limits.DEFAULT);

    private final JsonParser parser;
    private final Limits limits;
    private long elements;

    /** A reader of UTF-8 (or UTF-16/32, detected) JSON from {@code in}, default limits. */
    public JSONReader(InputStream in) throws IOException {
        this(in, Limits.DEFAULT);
    }

    /** A reader of JSON from {@code in} with {@code limits}. */
    public JSONReader(InputStream in, Limits limits) throws IOException {
        this.limits = Objects.requireNonNull(limits, "limits");
        JsonFactory f = limits.equals(Limits.DEFAULT) ? DEFAULT_FACTORY : factory(limits);
        this.parser = f.createParser(in);
    }

    /** A reader of an existing parser (its stream constraints apply as configured). */
    public JSONReader(JsonParser parser, Limits limits) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    private static JsonFactory factory(Limits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(3 * limits.maxSequenceDepth() + 8)
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(1000)
                        .build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN, Infinity as Python's json writes them
                .build();
    }

    /** Reads one data set (a JSON object). */
    public Attributes readDataset() throws IOException {
        try {
            expect(next(), JsonToken.START_OBJECT, "a data set object");
            Attributes attrs = new Attributes();
            readDatasetBody(attrs, 0);
            return attrs;
        } catch (DicomJsonException e) {
            throw e;
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    /**
     * Reads a JSON array of data sets (as in WADO-RS metadata or QIDO-RS responses), handing each to
     * {@code consumer} as soon as it is read; returns how many there were.
     */
    public int readDatasets(Consumer<Attributes> consumer) throws IOException {
        try {
            expect(next(), JsonToken.START_ARRAY, "an array of data sets");
            int n = 0;
            for (JsonToken t; (t = next()) != JsonToken.END_ARRAY; n++) {
                expect(t, JsonToken.START_OBJECT, "a data set object");
                Attributes attrs = new Attributes();
                readDatasetBody(attrs, 0);
                consumer.accept(attrs);
            }
            return n;
        } catch (DicomJsonException e) {
            throw e;
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    /** Reads a JSON array of data sets into a list. */
    public List<Attributes> readDatasets() throws IOException {
        List<Attributes> list = new ArrayList<>();
        readDatasets(list::add);
        return list;
    }

    /** Closes the parser and, if the reader created it, the input stream. */
    @Override
    public void close() throws IOException {
        parser.close();
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            throw error("unexpected end of input");
        }
        return t;
    }

    private void expect(JsonToken actual, JsonToken expected, String what) throws DicomJsonException {
        if (actual != expected) {
            throw error("expected " + what + " but found " + describe(actual));
        }
    }

    /** Reads the members of a data set object whose START_OBJECT was consumed. */
    private void readDatasetBody(Attributes attrs, int depth) throws IOException {
        for (JsonToken t; (t = next()) != JsonToken.END_OBJECT; ) {
            readElement(attrs, parseTag(), depth);
        }
    }

    private int parseTag() throws IOException {
        String key = parser.currentName();
        if (key.length() != 8) {
            throw error("invalid tag key \"" + abbreviate(key) + "\": expected 8 hex digits");
        }
        int tag = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(key.charAt(i), 16);
            if (d < 0) {
                throw error("invalid tag key \"" + abbreviate(key) + "\": expected 8 hex digits");
            }
            tag = (tag << 4) | d;
        }
        return tag;
    }

    /** Reads one element object {"vr": ..., "Value" | "InlineBinary" | "BulkDataURI": ...}. */
    private void readElement(Attributes attrs, int tag, int depth) throws IOException {
        if (++elements > limits.maxElements()) {
            throw error("more than " + limits.maxElements() + " elements");
        }
        String tagText = JSONWriter.toHex(tag);
        JsonLocation start = parser.currentTokenLocation();
        ValueConverter.Errors atStart = problem -> error(problem, start);
        if (attrs.contains(tag)) {
            throw error("duplicate element " + tagText);
        }
        expect(next(), JsonToken.START_OBJECT, "an element object for " + tagText);
        VR vr = null;
        List<Object> values = null;
        byte[] inline = null;
        String bulkDataURI = null;
        int kinds = 0;
        for (JsonToken t; (t = next()) != JsonToken.END_OBJECT; ) {
            String name = parser.currentName();
            switch (name) {
                case "vr" -> {
                    expect(next(), JsonToken.VALUE_STRING, "a VR string");
                    String s = parser.getText();
                    vr = s.length() == 2 ? VR.of((s.charAt(0) << 8) | s.charAt(1)) : null;
                    if (vr == null) {
                        throw error("invalid VR \"" + abbreviate(s) + "\" in " + tagText);
                    }
                }
                case "Value" -> {
                    expect(next(), JsonToken.START_ARRAY, "a Value array in " + tagText);
                    values = readValues(depth, tagText);
                    kinds++;
                }
                case "InlineBinary" -> {
                    JsonToken v = next();
                    if (v != JsonToken.VALUE_STRING) {
                        throw error("expected a base64 string for InlineBinary in " + tagText);
                    }
                    inline = parser.getBinaryValue(BASE64);
                    kinds++;
                }
                case "BulkDataURI" -> {
                    expect(next(), JsonToken.VALUE_STRING, "a BulkDataURI string in " + tagText);
                    bulkDataURI = parser.getText();
                    kinds++;
                }
                default -> throw error("unknown member \"" + abbreviate(name) + "\" in element " + tagText);
            }
        }
        if (kinds > 1) {
            throw atStart.error("element " + tagText + " has more than one of Value, InlineBinary and BulkDataURI");
        }
        if (vr == null) {
            vr = ElementDictionary.vrOf(tag);
            if (vr == null) {
                vr = VR.UN;
            }
        }
        if (vr == VR.SQ && (inline != null || bulkDataURI != null)) {
            throw atStart.error("sequence " + tagText + " with InlineBinary or BulkDataURI");
        }
        if (inline != null) {
            attrs.setBytes(tag, vr, inline);
        } else if (bulkDataURI != null) {
            try {
                attrs.setValue(tag, vr, new BulkData(new URI(bulkDataURI), 0, -1, false));
            } catch (java.net.URISyntaxException e) {
                throw atStart.error("invalid BulkDataURI in " + tagText + ": " + e.getMessage());
            }
        } else if (values == null || values.isEmpty()) {
            if (vr == VR.SQ) {
                attrs.newSequence(tag, 0);
            } else {
                attrs.setNull(tag, vr);
            }
        } else {
            ValueConverter.set(attrs, tag, vr, values, atStart);
        }
    }

    /** Reads the elements of a Value array whose START_ARRAY was consumed. */
    private List<Object> readValues(int depth, String tagText) throws IOException {
        List<Object> values = new ArrayList<>();
        for (JsonToken t; (t = next()) != JsonToken.END_ARRAY; ) {
            if (++elements > limits.maxElements()) {
                throw error("more than " + limits.maxElements() + " values");
            }
            switch (t) {
                case VALUE_NULL -> values.add(null);
                case VALUE_STRING -> values.add(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values.add(new ValueConverter.Number(parser.getText()));
                case START_OBJECT -> values.add(readObjectValue(depth, tagText));
                default -> throw error("unexpected " + describe(t) + " in the Value of " + tagText);
            }
        }
        return values;
    }

    /** A PN value ({"Alphabetic": ...}) or a sequence item (tags as keys). */
    private Object readObjectValue(int depth, String tagText) throws IOException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
            return ValueConverter.EMPTY_OBJECT;
        }
        String first = parser.currentName();
        if (first.equals("Alphabetic") || first.equals("Ideographic") || first.equals("Phonetic")) {
            String[] groups = new String[3];
            for (; t != JsonToken.END_OBJECT; t = next()) {
                String name = parser.currentName();
                int g =
                        switch (name) {
                            case "Alphabetic" -> 0;
                            case "Ideographic" -> 1;
                            case "Phonetic" -> 2;
                            default ->
                                throw error("unknown person name group \"" + abbreviate(name) + "\" in " + tagText);
                        };
                JsonToken v = next();
                if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                    throw error("expected a string for person name group " + name + " in " + tagText);
                }
                if (groups[g] != null) {
                    throw error("duplicate person name group " + name + " in " + tagText);
                }
                groups[g] = v == JsonToken.VALUE_NULL ? "" : parser.getText();
            }
            return new ValueConverter.PersonNameGroups(groups);
        }
        if (depth + 1 > limits.maxSequenceDepth()) {
            throw error("sequences nested deeper than " + limits.maxSequenceDepth());
        }
        Attributes item = new Attributes();
        readElement(item, parseTag(), depth + 1);
        readDatasetBody(item, depth + 1);
        return item;
    }

    private DicomJsonException error(String problem, JsonLocation loc) {
        long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        return new DicomJsonException(problem, offset, loc.getLineNr(), loc.getColumnNr(), null);
    }

    DicomJsonException error(String problem) {
        JsonLocation loc = parser.currentTokenLocation();
        long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        if (offset < 0) {
            loc = parser.currentLocation();
            offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        }
        return new DicomJsonException(problem, offset, loc.getLineNr(), loc.getColumnNr(), null);
    }

    private DicomJsonException wrap(Exception e) {
        JsonLocation loc = parser.currentLocation();
        long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                ? j.getOriginalMessage()
                : e.toString();
        return new DicomJsonException(
                "invalid DICOM JSON: " + String.valueOf(msg).lines().findFirst().orElse(""),
                offset,
                loc.getLineNr(),
                loc.getColumnNr(),
                e);
    }

    private static String describe(JsonToken t) {
        return t == null ? "end of input" : t.asString() != null ? "'" + t.asString() + "'" : t.name();
    }

    static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
