package io.radflow.dicom.mime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable media type with parameters, as found in {@code Content-Type} and {@code Accept}
 * headers (RFC 2045 section 5.1, RFC 9110 section 8.3.1), for example {@code multipart/related;
 * type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1; boundary=abc}.
 *
 * <p>Type, subtype and parameter names are case-insensitive and kept in lower case; parameter
 * values are case-sensitive (a {@code boundary} is). Values may be tokens or quoted strings with
 * backslash escapes. For leniency with DICOMweb clients an unquoted value may contain {@code /}
 * (as in {@code type=application/dicom}). {@link #toString()} quotes values that need it.
 */
public final class ContentType {
    private static final int MAX_LENGTH = 16 * 1024;

    private final String type;
    private final String subtype;
    private final Map<String, String> parameters;

    private ContentType(String type, String subtype, Map<String, String> parameters) {
        this.type = type;
        this.subtype = subtype;
        this.parameters = parameters;
    }

    /** {@code type/subtype} without parameters; both must be tokens (or {@code *}). */
    public static ContentType of(String type, String subtype) {
        return new ContentType(checkToken(type), checkToken(subtype), Map.of());
    }

    /**
     * Parses one media type.
     *
     * @throws InvalidMediaTypeException if {@code text} is not a media type
     */
    public static ContentType parse(String text) {
        Parser p = new Parser(text);
        ContentType ct = p.mediaType();
        p.skipWhitespace();
        if (!p.atEnd()) {
            throw p.error("unexpected character '" + printable(p.peek()) + "'");
        }
        return ct;
    }

    /**
     * Parses a comma-separated list of media types, as in an {@code Accept} header; empty
     * elements are skipped.
     *
     * @throws InvalidMediaTypeException if an element is not a media type
     */
    public static List<ContentType> parseList(String text) {
        Parser p = new Parser(text);
        List<ContentType> list = new ArrayList<>();
        while (true) {
            p.skipWhitespace();
            if (p.atEnd()) {
                return list;
            }
            if (p.peek() == ',') {
                p.pos++;
                continue;
            }
            list.add(p.mediaType());
            p.skipWhitespace();
            if (!p.atEnd()) {
                if (p.peek() != ',') {
                    throw p.error("expected ',' but found '" + printable(p.peek()) + "'");
                }
                p.pos++;
            }
        }
    }

    /** The primary type in lower case, for example {@code multipart}. */
    public String type() {
        return type;
    }

    /** The subtype in lower case, for example {@code related}. */
    public String subtype() {
        return subtype;
    }

    /** {@code type/subtype} in lower case, without parameters. */
    public String mediaType() {
        return type + '/' + subtype;
    }

    /** Whether {@code type/subtype} equals {@code mediaType} (case-insensitive, no wildcards). */
    public boolean is(String mediaType) {
        return mediaType().equalsIgnoreCase(mediaType);
    }

    /**
     * Whether this media range (as in {@code Accept}: {@code *}{@code /*}, {@code application/*} or
     * a full type) includes {@code mediaType} ({@code type/subtype}, case-insensitive).
     */
    public boolean includes(String mediaType) {
        int slash = mediaType.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String t = mediaType.substring(0, slash);
        String st = mediaType.substring(slash + 1);
        return (type.equals("*") || type.equalsIgnoreCase(t)) && (subtype.equals("*") || subtype.equalsIgnoreCase(st));
    }

    /**
     * The {@code q} parameter of an {@code Accept} element (RFC 9110 12.4.2): 1 when absent, 0 when
     * not a number between 0 and 1.
     */
    public double quality() {
        String q = parameters.get("q");
        if (q == null) {
            return 1;
        }
        try {
            double d = Double.parseDouble(q);
            return d >= 0 && d <= 1 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the primary type is {@code multipart}. */
    public boolean isMultipart() {
        return type.equals("multipart");
    }

    /** The value of parameter {@code name} (case-insensitive), or {@code null}. */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** The {@code boundary} parameter, or {@code null}. */
    public String boundary() {
        return parameters.get("boundary");
    }

    /** All parameters in their order of appearance, names in lower case; unmodifiable. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** A copy with parameter {@code name} set to {@code value} (replacing an existing one). */
    public ContentType withParameter(String name, String value) {
        String key = checkToken(name).toLowerCase(Locale.ROOT);
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new InvalidMediaTypeException("parameter value with control or non-ASCII character", value, i);
            }
        }
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(key, value);
        return new ContentType(type, subtype, Collections.unmodifiableMap(copy));
    }

    /** A copy without parameters. */
    public ContentType withoutParameters() {
        return new ContentType(type, subtype, Map.of());
    }

    /** The header value: {@code type/subtype; name=value...}, quoting values where needed. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(type).append('/').append(subtype);
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            sb.append("; ").append(e.getKey()).append('=');
            appendValue(sb, e.getValue());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentType ct
                && type.equals(ct.type)
                && subtype.equals(ct.subtype)
                && parameters.equals(ct.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, subtype, parameters);
    }

    static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return c < 0x7f && c > 0x20 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static void appendValue(StringBuilder sb, String v) {
        boolean token = !v.isEmpty();
        for (int i = 0; i < v.length() && token; i++) {
            token = isTokenChar(v.charAt(i));
        }
        if (token) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    private static String checkToken(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidMediaTypeException("empty token", String.valueOf(s), 0);
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                throw new InvalidMediaTypeException("invalid token character", s, i);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static String printable(char c) {
        return c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /** Recursive-descent parser over one header value. */
    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            Objects.requireNonNull(s, "media type");
            if (s.length() > MAX_LENGTH) {
                throw new InvalidMediaTypeException("media type longer than " + MAX_LENGTH, s, MAX_LENGTH);
            }
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        InvalidMediaTypeException error(String problem) {
            return new InvalidMediaTypeException(problem, s, pos);
        }

        void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        String token(String what) {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error(atEnd() ? "missing " + what : "invalid character '" + printable(peek()) + "' in " + what);
            }
            return s.substring(start, pos).toLowerCase(Locale.ROOT);
        }

        ContentType mediaType() {
            skipWhitespace();
            String type = token("type");
            if (atEnd() || peek() != '/') {
                throw error("expected '/' after type");
            }
            pos++;
            String subtype = token("subtype");
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skipWhitespace();
                if (atEnd() || peek() == ',') {
                    break;
                }
                if (peek() != ';') {
                    throw error("expected ';' but found '" + printable(peek()) + "'");
                }
                pos++;
                skipWhitespace();
                if (atEnd() || peek() == ';' || peek() == ',') {
                    continue; // empty parameter, tolerated
                }
                int nameStart = pos;
                String name = token("parameter name");
                skipWhitespace();
                if (atEnd() || peek() != '=') {
                    throw error("expected '=' after parameter name '" + name + "'");
                }
                pos++;
                skipWhitespace();
                String value = atEnd() || peek() != '"' ? bareValue() : quotedString();
                if (params.putIfAbsent(name, value) != null) {
                    throw new InvalidMediaTypeException("duplicate parameter '" + name + "'", s, nameStart);
                }
            }
            return new ContentType(type, subtype, params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params));
        }

        /** A token, leniently also accepting '/', ':', '?', '=', '@', '[', ']' and '{', '}'. */
        String bareValue() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (isTokenChar(c) || "/:?=@[]{}".indexOf(c) >= 0) {
                    pos++;
                } else {
                    break;
                }
            }
            if (pos == start) {
                throw error(
                        atEnd()
                                ? "missing parameter value"
                                : "invalid character '" + printable(peek()) + "' in parameter value");
            }
            return s.substring(start, pos);
        }

        String quotedString() {
            int start = pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    pos--;
                    throw error("control character in quoted string");
                }
                sb.append(c);
            }
            throw new InvalidMediaTypeException("unterminated quoted string", s, start);
        }
    }
}
