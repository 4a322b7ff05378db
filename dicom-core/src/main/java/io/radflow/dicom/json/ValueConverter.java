package io.radflow.dicom.json;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.VR;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** Turns the values of a DICOM JSON {@code Value} array into an element of {@link Attributes}. */
final class ValueConverter {
    /** A JSON number, as written. */
    record Number(String text) {}

    /** The groups of a PN value object (null for an absent group). */
    record PersonNameGroups(String[] groups) {}

    /** An empty JSON object: an empty item or an empty person name. */
    static final Object EMPTY_OBJECT = new Object();

    @FunctionalInterface
    interface Errors {
        DicomJsonException error(String problem);
    }

    private static final BigInteger UV_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ValueConverter() {}

    static void set(Attributes attrs, int tag, VR vr, List<Object> values, Errors errors) throws DicomJsonException {
        String tagText = JSONWriter.toHex(tag);
        int n = values.size();
        switch (vr) {
            case SQ -> {
                Sequence seq = attrs.newSequence(tag, n);
                for (Object v : values) {
                    if (v instanceof Attributes item) {
                        seq.add(item);
                    } else if (v == EMPTY_OBJECT || v == null) {
                        seq.add(new Attributes());
                    } else {
                        throw errors.error("sequence " + tagText + " has a value that is not an item");
                    }
                }
            }
            case PN -> {
                String[] s = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = values.get(i);
                    if (v instanceof PersonNameGroups p) {
                        s[i] = join(p.groups());
                    } else if (v == null || v == EMPTY_OBJECT) {
                        s[i] = "";
                    } else if (v instanceof String str) {
                        s[i] = str;
                    } else {
                        throw errors.error("person name " + tagText + " has a value that is not a name object");
                    }
                }
                attrs.setString(tag, vr, s);
            }
            case FL, FD -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = toDouble(values.get(i), vr, tagText, errors);
                }
                attrs.setDouble(tag, vr, d);
            }
            case SS, US, SL, UL, SV, UV -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = toLong(values.get(i), vr, tagText, errors);
                }
                attrs.setLong(tag, vr, l);
            }
            case AT -> {
                int[] t = new int[n];
                for (int i = 0; i < n; i++) {
                    t[i] = toTag(values.get(i), tagText, errors);
                }
                attrs.setInt(tag, vr, t);
            }
            case OB, OD, OF, OL, OV, OW, UN ->
                throw errors.error(
                        "Value is not allowed for VR " + vr + " in " + tagText + " (InlineBinary or BulkDataURI)");
            default -> {
                String[] s = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = values.get(i);
                    if (v == null) {
                        s[i] = "";
                    } else if (v instanceof String str) {
                        s[i] = str;
                    } else if (v instanceof Number num) {
                        s[i] = num.text();
                    } else {
                        throw errors.error(
                                "element " + tagText + " with VR " + vr + " has a value that is not a string");
                    }
                }
                attrs.setString(tag, vr, s);
            }
        }
    }

    private static String join(String[] groups) {
        int last = 2;
        while (last >= 0 && (groups[last] == null || groups[last].isEmpty())) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g <= last; g++) {
            if (g > 0) {
                sb.append('=');
            }
            if (groups[g] != null) {
                sb.append(groups[g]);
            }
        }
        return sb.toString();
    }

    private static double toDouble(Object v, VR vr, String tagText, Errors errors) throws DicomJsonException {
        String text = v instanceof Number num ? num.text() : v instanceof String s ? s.strip() : null;
        if (text == null) {
            throw errors.error("element " + tagText + " with VR " + vr + " needs numbers, found " + describe(v));
        }
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
            case "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text); // keeps -0.0, unlike BigDecimal
                } catch (NumberFormatException e) {
                    throw errors.error("invalid number \"" + JSONReader.abbreviate(text) + "\" in " + tagText);
                }
        }
    }

    private static long toLong(Object v, VR vr, String tagText, Errors errors) throws DicomJsonException {
        String text = v instanceof Number num ? num.text() : v instanceof String s ? s.strip() : null;
        if (text == null) {
            throw errors.error("element " + tagText + " with VR " + vr + " needs integers, found " + describe(v));
        }
        BigInteger value;
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.signum() != 0 && d.precision() - d.scale() > 21) {
                throw errors.error(
                        "integer " + JSONReader.abbreviate(text) + " out of range for VR " + vr + " in " + tagText);
            }
            value = d.toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw errors.error("invalid integer \"" + JSONReader.abbreviate(text) + "\" in " + tagText);
        }
        BigInteger min;
        BigInteger max;
        switch (vr) {
            case US -> {
                min = BigInteger.ZERO;
                max = BigInteger.valueOf(0xFFFF);
            }
            case SS -> {
                min = BigInteger.valueOf(Short.MIN_VALUE);
                max = BigInteger.valueOf(Short.MAX_VALUE);
            }
            case UL -> {
                min = BigInteger.ZERO;
                max = BigInteger.valueOf(0xFFFFFFFFL);
            }
            case SL -> {
                min = BigInteger.valueOf(Integer.MIN_VALUE);
                max = BigInteger.valueOf(Integer.MAX_VALUE);
            }
            case UV -> {
                min = BigInteger.ZERO;
                max = UV_MAX;
            }
            default -> {
                min = BigInteger.valueOf(Long.MIN_VALUE);
                max = BigInteger.valueOf(Long.MAX_VALUE);
            }
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw errors.error("integer " + value + " out of range for VR " + vr + " in " + tagText);
        }
        return value.longValue();
    }

    private static int toTag(Object v, String tagText, Errors errors) throws DicomJsonException {
        if (v instanceof String s && s.length() == 8) {
            try {
                return Integer.parseUnsignedInt(s, 16);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw errors.error("invalid AT value " + describe(v) + " in " + tagText + ": expected 8 hex digits");
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + JSONReader.abbreviate(s) + "\"";
        }
        if (v instanceof Number num) {
            return num.text();
        }
        return v instanceof Attributes || v == EMPTY_OBJECT ? "an object" : "a person name";
    }
}
