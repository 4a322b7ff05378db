package io.radflow.labeling.qido;

import io.radflow.dicom.data.ElementDictionary;
import io.radflow.labeling.dicomweb.DicomWebException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed QIDO-RS request (PS3.18 8.3.4): match keys by keyword or tag, {@code includefield} (a
 * comma-separated list, repeated, or {@code all}), {@code fuzzymatching}, {@code limit} and {@code
 * offset}. Malformed parameters end in 400.
 *
 * @param level the query level
 * @param matches tag → value, in request order (the path's UIDs included)
 * @param includeFields tags asked for with includefield
 * @param includeAll {@code includefield=all}
 * @param fuzzy {@code fuzzymatching=true}
 * @param limit maximum results
 * @param offset results skipped
 * @param warnings what was ignored (sent as Warning headers)
 */
public record QidoQuery(
        QidoLevel level,
        Map<Integer, String> matches,
        Set<Integer> includeFields,
        boolean includeAll,
        boolean fuzzy,
        int limit,
        int offset,
        List<String> warnings) {

    /** Parses {@code params}; {@code pathKeys} are the UIDs of the URL (StudyInstanceUID, SeriesInstanceUID). */
    public static QidoQuery parse(
            QidoLevel level, Map<String, List<String>> params, Map<Integer, String> pathKeys, int maxLimit) {
        Map<Integer, String> matches = new LinkedHashMap<>();
        Set<Integer> include = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        boolean all = false;
        boolean fuzzy = false;
        int limit = maxLimit;
        int offset = 0;
        for (var e : params.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue();
            switch (name) {
                case "includefield" -> {
                    for (String v : values) {
                        for (String f : v.split(",")) {
                            String field = f.trim();
                            if (field.equalsIgnoreCase("all")) {
                                all = true;
                            } else if (!field.isEmpty()) {
                                include.add(tag(field));
                            }
                        }
                    }
                }
                case "fuzzymatching" -> fuzzy = bool(name, single(name, values));
                case "limit" -> {
                    limit = integer(name, single(name, values));
                    if (limit > maxLimit) {
                        warnings.add("limit " + limit + " reduced to " + maxLimit);
                        limit = maxLimit;
                    }
                }
                case "offset" -> offset = integer(name, single(name, values));
                default -> {
                    int tag = tag(name);
                    if (values.size() > 1) {
                        throw DicomWebException.badRequest("match key " + name + " given more than once");
                    }
                    matches.put(tag, values.isEmpty() ? "" : values.get(0));
                }
            }
        }
        for (var p : pathKeys.entrySet()) {
            matches.put(p.getKey(), p.getValue());
        }
        return new QidoQuery(level, matches, include, all, fuzzy, limit, offset, warnings);
    }

    /** A keyword or 8 hex digits to a tag; 400 when neither. */
    static int tag(String field) {
        if (field.matches("[0-9A-Fa-f]{8}")) {
            return (int) Long.parseLong(field, 16);
        }
        int tag = ElementDictionary.tagForKeyword(field);
        if (tag == -1) {
            throw DicomWebException.badRequest("unknown attribute '" + field + "' (expected a keyword or tag)");
        }
        return tag;
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw DicomWebException.badRequest(name + " must be given once");
        }
        return values.get(0).trim();
    }

    private static boolean bool(String name, String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw DicomWebException.badRequest(name + " must be true or false");
    }

    private static int integer(String name, String v) {
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest(name + " must be a non-negative integer, not '" + v + "'");
        }
    }
}
