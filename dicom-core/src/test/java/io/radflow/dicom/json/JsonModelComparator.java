package io.radflow.dicom.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two DICOM JSON data sets (pydicom's {@code to_json_dict()} and Radflow's) by meaning:
 * numbers numerically (FL in single precision), empty values whichever way they are spelt
 * ({@code ""}, {@code null}, {@code {}}, an absent or empty {@code Value}), PN groups without empty
 * ones, InlineBinary as bytes (pydicom's big endian bytes swapped to little endian).
 */
final class JsonModelComparator {
    private final boolean pydicomBigEndian;
    private final List<String> differences = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int compared;

    JsonModelComparator(boolean pydicomBigEndian) {
        this.pydicomBigEndian = pydicomBigEndian;
    }

    List<String> differences() {
        return differences;
    }

    List<String> notes() {
        return notes;
    }

    int compared() {
        return compared;
    }

    void compareDataset(String path, JsonNode py, JsonNode ours, Set<String> skip) {
        Set<String> keys = new TreeSet<>();
        py.fieldNames().forEachRemaining(keys::add);
        ours.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (skip.contains(key)) {
                notes.add(path + key + ": pydicom cannot convert it (left out of its JSON)");
                continue;
            }
            JsonNode p = py.get(key);
            JsonNode o = ours.get(key);
            if (p == null || o == null) {
                differences.add(path + key + ": only in " + (p == null ? "Radflow" : "pydicom"));
                continue;
            }
            compareElement(path + key, p, o);
        }
    }

    private void compareElement(String path, JsonNode p, JsonNode o) {
        compared++;
        String pvr = p.path("vr").asText();
        String ovr = o.path("vr").asText();
        if (!pvr.equals(ovr) && !(pvr.contains(" or ") && pvr.contains(ovr))) {
            differences.add(path + ": VR " + pvr + " vs " + ovr);
            return;
        }
        if (p.has("InlineBinary") || o.has("InlineBinary")) {
            byte[] pb = bytes(p);
            byte[] ob = bytes(o);
            if (pydicomBigEndian) {
                swap(pb, swapUnit(ovr));
            }
            if (!java.util.Arrays.equals(pb, ob)) {
                differences.add(path + ": InlineBinary differs (" + pb.length + " vs " + ob.length + " bytes)");
            }
            return;
        }
        if (p.has("BulkDataURI") || o.has("BulkDataURI")) {
            differences.add(path + ": unexpected BulkDataURI");
            return;
        }
        List<JsonNode> pv = values(p);
        List<JsonNode> ov = values(o);
        if (ovr.equals("SQ")) {
            if (pv.size() != ov.size()) {
                differences.add(path + ": " + pv.size() + " vs " + ov.size() + " items");
                return;
            }
            for (int i = 0; i < pv.size(); i++) {
                compareDataset(path + "/" + i + "/", pv.get(i), ov.get(i), Set.of());
            }
            return;
        }
        if (pv.size() != ov.size()) {
            differences.add(path + ": Value " + p.get("Value") + " vs " + o.get("Value"));
            return;
        }
        for (int i = 0; i < pv.size(); i++) {
            if (!sameValue(ovr, pv.get(i), ov.get(i))) {
                differences.add(path + ": Value " + p.get("Value") + " vs " + o.get("Value"));
                return;
            }
        }
    }

    private static boolean sameValue(String vr, JsonNode p, JsonNode o) {
        if (isEmpty(p) || isEmpty(o)) {
            return isEmpty(p) && isEmpty(o);
        }
        switch (vr) {
            case "PN" -> {
                return groups(p).equals(groups(o));
            }
            case "FL" -> {
                return Float.compare((float) number(p), (float) number(o)) == 0;
            }
            case "FD", "DS" -> {
                return Double.compare(number(p), number(o)) == 0;
            }
            case "IS", "SS", "US", "SL", "UL", "SV", "UV" -> {
                return new BigDecimal(p.asText()).compareTo(new BigDecimal(o.asText())) == 0;
            }
            case "LT", "ST", "UT", "UR" -> {
                return p.asText().equals(o.asText());
            }
            default -> {
                // pydicom keeps the padding of the values before the last; it is insignificant (PS3.5 6.2)
                return p.asText().strip().equals(o.asText().strip());
            }
        }
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isTextual() && v.asText().isEmpty())
                || (v.isObject() && groups(v).isEmpty());
    }

    private static Map<String, String> groups(JsonNode pn) {
        Map<String, String> m = new java.util.TreeMap<>();
        if (pn.isTextual()) {
            m.put("Alphabetic", pn.asText());
            return m;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = pn.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull() && !e.getValue().asText().isEmpty()) {
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return m;
    }

    private static double number(JsonNode v) {
        String s = v.asText();
        return switch (s) {
            case "NaN", "nan" -> Double.NaN;
            case "Infinity", "inf" -> Double.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> v.isNumber() ? v.asDouble() : Double.parseDouble(s.strip());
        };
    }

    private static List<JsonNode> values(JsonNode element) {
        List<JsonNode> list = new ArrayList<>();
        element.path("Value").forEach(list::add);
        // a single empty value and no value mean the same
        if (list.size() == 1
                && isEmpty(list.get(0))
                && !element.path("vr").asText().equals("SQ")) {
            list.clear();
        }
        return list;
    }

    private static byte[] bytes(JsonNode element) {
        JsonNode b = element.get("InlineBinary");
        return b == null ? new byte[0] : Base64.getDecoder().decode(b.asText());
    }

    private static int swapUnit(String vr) {
        return switch (vr) {
            case "OW" -> 2;
            case "OF", "OL" -> 4;
            case "OD", "OV" -> 8;
            default -> 1;
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
}
