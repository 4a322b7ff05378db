package io.radflow.dicom.mime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The header fields of one body part, in order; names compare case-insensitively. Values are
 * checked so that a writer cannot be made to inject header lines (no CR, LF or other control
 * characters except HT).
 */
public final class PartHeaders {
    /** {@code Content-Type}. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** {@code Content-Location}. */
    public static final String CONTENT_LOCATION = "Content-Location";
    /** {@code Content-ID}. */
    public static final String CONTENT_ID = "Content-ID";
    /** {@code Content-Length}. */
    public static final String CONTENT_LENGTH = "Content-Length";
    /** {@code Content-Description}. */
    public static final String CONTENT_DESCRIPTION = "Content-Description";

    private final List<String> names = new ArrayList<>(4);
    private final List<String> values = new ArrayList<>(4);

    /** Empty headers. */
    public PartHeaders() {}

    /** Headers with one {@code Content-Type}. */
    public static PartHeaders contentType(String contentType) {
        return new PartHeaders().add(CONTENT_TYPE, contentType);
    }

    /**
     * Appends a field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value has control
     *     characters
     */
    public PartHeaders add(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!ContentType.isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("control character in value of header " + name);
            }
        }
        names.add(name);
        values.add(value);
        return this;
    }

    /** Replaces all fields called {@code name} by one. */
    public PartHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes all fields called {@code name}. */
    public PartHeaders remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** All values of {@code name}, in order. */
    public List<String> getAll(String name) {
        List<String> list = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                list.add(values.get(i));
            }
        }
        return list;
    }

    /** Field names in order, as written. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** Number of fields. */
    public int size() {
        return names.size();
    }

    /** Name of field {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** Value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }

    /** The fields as header lines, each followed by CRLF. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
        }
        return sb.toString();
    }
}
