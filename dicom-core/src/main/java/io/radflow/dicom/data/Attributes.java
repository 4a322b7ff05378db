package io.radflow.dicom.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A DICOM data set: elements in ascending tag order, stored compactly in parallel arrays (sorted
 * {@code int} tags, VRs, values). Values read from a stream stay encoded ({@code byte[]} in the
 * data set's byte order) and are decoded when a getter asks; other value types are {@code
 * String[]} (set by {@link #setString}), {@link Sequence}, {@link Fragments} and {@link BulkData}.
 *
 * <p>Text values are decoded with the Specific Character Set of this data set, or of the
 * enclosing data set for items without their own (0008,0005).
 */
public final class Attributes {
    /** Receives the elements of a data set in tag order; return false to stop. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Attributes attrs, int tag, VR vr, Object value) throws Exception;
    }

    private static final byte[] EMPTY = new byte[0];

    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private final boolean bigEndian;
    private Attributes parent;
    private SpecificCharacterSet cs;

    /** An empty little endian data set. */
    public Attributes() {
        this(false, 16);
    }

    /** An empty little endian data set with room for {@code capacity} elements. */
    public Attributes(int capacity) {
        this(false, capacity);
    }

    /** An empty data set whose binary values are kept in the given byte order. */
    public Attributes(boolean bigEndian, int capacity) {
        this.bigEndian = bigEndian;
        int c = Math.max(capacity, 4);
        tags = new int[c];
        vrs = new VR[c];
        values = new Object[c];
    }

    /** A deep copy of {@code other} (bulk data references are shared). */
    public Attributes(Attributes other) {
        this(other.bigEndian, other.size);
        addAll(other);
    }

    /** True if binary values are kept big endian (data sets read as Explicit VR Big Endian). */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** The data set containing this item, or null for a top level data set. */
    public Attributes getParent() {
        return parent;
    }

    void setParent(Attributes parent) {
        this.parent = parent;
        this.cs = null;
    }

    /** Number of elements (not counting nested ones). */
    public int size() {
        return size;
    }

    /** True if there are no elements. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The tags in ascending order. */
    public int[] tags() {
        return Arrays.copyOf(tags, size);
    }

    private int indexOf(int tag) {
        if (size > 0 && Integer.compareUnsigned(tag, tags[size - 1]) > 0) {
            return -size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** True if the element is present (possibly with an empty value). */
    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** True if the element is present with a non-empty value. */
    public boolean containsValue(int tag) {
        int i = indexOf(tag);
        return i >= 0 && !isEmptyValue(values[i]);
    }

    private static boolean isEmptyValue(Object v) {
        return v == null
                || (v instanceof byte[] b && b.length == 0)
                || (v instanceof String[] s && s.length == 0)
                || (v instanceof Sequence q && q.isEmpty());
    }

    /** VR of the element, or null if absent. */
    public VR getVR(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The stored value: {@code byte[]}, {@code String[]}, {@link Sequence}, {@link Fragments} or {@link BulkData}. */
    public Object getValue(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    /** The Specific Character Set of this data set, inherited by items without their own. */
    public SpecificCharacterSet getSpecificCharacterSet() {
        if (cs == null) {
            int i = indexOf(Tag.SpecificCharacterSet);
            if (i >= 0 && values[i] != null) {
                cs = SpecificCharacterSet.valueOf(getStrings(Tag.SpecificCharacterSet));
            } else if (parent != null) {
                cs = parent.getSpecificCharacterSet();
            } else {
                cs = SpecificCharacterSet.DEFAULT;
            }
        }
        return cs;
    }

    /** All values of the element as strings; empty array for an empty value, null if absent. */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        Object v = values[i];
        VR vr = vrs[i];
        if (v instanceof String[] s) {
            return s.clone();
        }
        if (v instanceof byte[] b) {
            if (vr.isString()) {
                return Values.decodeStrings(
                        b,
                        vr,
                        vr.usesSpecificCharacterSet() ? getSpecificCharacterSet() : SpecificCharacterSet.DEFAULT);
            }
            return Values.binaryToStrings(b, vr, bigEndian);
        }
        return v == null ? Values.NO_STRINGS : null;
    }

    /** The first value as a string, or null if absent or empty. */
    public String getString(int tag) {
        return getString(tag, null);
    }

    /** The first value as a string, or {@code def} if absent or empty. */
    public String getString(int tag, String def) {
        String[] s = getStrings(tag);
        return s == null || s.length == 0 ? def : s[0];
    }

    /** Value {@code index} as a string, or {@code def}. */
    public String getString(int tag, int index, String def) {
        String[] s = getStrings(tag);
        return s == null || s.length <= index ? def : s[index];
    }

    /** The first PN value, or null. */
    public PersonName getPersonName(int tag) {
        String s = getString(tag);
        return s == null ? null : new PersonName(s);
    }

    /** All values as ints (IS, DS, US, SS, UL, SL, AT, OB, OW, ...); null if absent. */
    public int[] getInts(int tag) {
        long[] l = getLongs(tag);
        if (l == null) {
            return null;
        }
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }

    /** All values as longs; null if absent or not numeric. */
    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        VR vr = vrs[i];
        if (vr.isString()) {
            String[] s = getStrings(tag);
            long[] out = new long[s.length];
            for (int k = 0; k < s.length; k++) {
                out[k] = s[k].isEmpty() ? 0 : (long) parseNumber(tag, s[k]);
            }
            return out;
        }
        return values[i] instanceof byte[] b
                ? Values.toLongs(b, vr, bigEndian)
                : values[i] == null ? new long[0] : null;
    }

    private static double parseNumber(int tag, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("invalid number '" + s + "' in " + Tag.toString(tag));
        }
    }

    /** The first value as int, or {@code def} if absent, empty or not a number. */
    public int getInt(int tag, int def) {
        try {
            long[] l = getLongs(tag);
            return l == null || l.length == 0 ? def : (int) l[0];
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** All values as doubles (DS, IS, FL, FD, OF, OD, integer VRs); null if absent. */
    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        VR vr = vrs[i];
        if (vr.isString()) {
            String[] s = getStrings(tag);
            double[] out = new double[s.length];
            for (int k = 0; k < s.length; k++) {
                out[k] = s[k].isEmpty() ? Double.NaN : parseNumber(tag, s[k]);
            }
            return out;
        }
        return values[i] instanceof byte[] b
                ? Values.toDoubles(b, vr, bigEndian)
                : values[i] == null ? new double[0] : null;
    }

    /** The first value as double, or {@code def} if absent, empty or not a number. */
    public double getDouble(int tag, double def) {
        try {
            double[] d = getDoubles(tag);
            return d == null || d.length == 0 || Double.isNaN(d[0]) ? def : d[0];
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /**
     * The value's bytes as they would be encoded in this data set's byte order (strings encoded
     * with the Specific Character Set, bulk data read); null if absent or a sequence.
     */
    public byte[] getBytes(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        Object v = values[i];
        if (v == null) {
            return EMPTY;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof String[] s) {
            return Values.encodeStrings(s, vrs[i], getSpecificCharacterSet());
        }
        if (v instanceof BulkData bd) {
            try {
                return bd.toBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    /** The sequence value, or null if absent or not a sequence. */
    public Sequence getSequence(int tag) {
        return getValue(tag) instanceof Sequence s ? s : null;
    }

    /** The first item of a sequence, or null. */
    public Attributes getNestedDataset(int seqTag) {
        return getNestedDataset(seqTag, 0);
    }

    /** Item {@code index} of a sequence, or null. */
    public Attributes getNestedDataset(int seqTag, int index) {
        Sequence s = getSequence(seqTag);
        return s == null || s.size() <= index ? null : s.get(index);
    }

    // ---------------------------------------------------------------- setters

    /** Sets string values (string VRs), or parses them into numbers for binary numeric VRs. */
    public Attributes setString(int tag, VR vr, String... values) {
        if (vr.isString()) {
            return set(tag, vr, values.length == 0 ? null : values.clone());
        }
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = parseNumber(tag, values[i]);
        }
        return setDouble(tag, vr, d);
    }

    /** Sets int values: binary VRs are encoded, string VRs (IS, DS, ...) get decimal strings. */
    public Attributes setInt(int tag, VR vr, int... values) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = vr == VR.UL || vr == VR.OL ? values[i] & 0xFFFFFFFFL : values[i];
        }
        return setLong(tag, vr, l);
    }

    /** Sets long values (SV, UV and the other numeric VRs). */
    public Attributes setLong(int tag, VR vr, long... values) {
        if (vr.isString()) {
            String[] s = new String[values.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Long.toString(values[i]);
            }
            return set(tag, vr, s);
        }
        return set(tag, vr, Values.fromLongs(values, vr, bigEndian));
    }

    /** Sets floating point values (FL, FD, OF, OD; DS gets at most 16 character strings). */
    public Attributes setDouble(int tag, VR vr, double... values) {
        if (vr.isString()) {
            String[] s = new String[values.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Values.formatDS(values[i]);
            }
            return set(tag, vr, s);
        }
        return set(tag, vr, Values.fromDoubles(values, vr, bigEndian));
    }

    /** Sets encoded bytes (in this data set's byte order). */
    public Attributes setBytes(int tag, VR vr, byte[] value) {
        return set(tag, vr, value);
    }

    /** Sets an empty value. */
    public Attributes setNull(int tag, VR vr) {
        return set(tag, vr, null);
    }

    /**
     * Sets any value: {@code byte[]}, {@code String}, {@code String[]}, {@link PersonName},
     * {@link Sequence}, {@link Fragments}, {@link BulkData} or null.
     */
    public Attributes setValue(int tag, VR vr, Object value) {
        Object v = value;
        if (value instanceof String s) {
            v = new String[] {s};
        } else if (value instanceof PersonName p) {
            v = new String[] {p.toString()};
        } else if (value instanceof Sequence s) {
            Sequence copy = new Sequence(this, tag, s.size());
            copy.addAll(s);
            v = copy;
        } else if (!(value == null
                || value instanceof byte[]
                || value instanceof String[]
                || value instanceof Fragments
                || value instanceof BulkData)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass());
        }
        return set(tag, vr, v);
    }

    /** Creates and sets an empty sequence, returning it for adding items. */
    public Sequence newSequence(int tag, int capacity) {
        Sequence s = new Sequence(this, tag, capacity);
        set(tag, VR.SQ, s);
        return s;
    }

    private Attributes set(int tag, VR vr, Object value) {
        if (tag == Tag.SpecificCharacterSet) {
            cs = null;
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
            return this;
        }
        i = -i - 1;
        if (size == tags.length) {
            int c = size + (size >> 1) + 4;
            tags = Arrays.copyOf(tags, c);
            vrs = Arrays.copyOf(vrs, c);
            values = Arrays.copyOf(values, c);
        }
        if (i < size) {
            System.arraycopy(tags, i, tags, i + 1, size - i);
            System.arraycopy(vrs, i, vrs, i + 1, size - i);
            System.arraycopy(values, i, values, i + 1, size - i);
        }
        tags[i] = tag;
        vrs[i] = vr;
        values[i] = value;
        size++;
        return this;
    }

    /** Removes the element; returns its value (or null). */
    public Object remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        if (tag == Tag.SpecificCharacterSet) {
            cs = null;
        }
        Object old = values[i];
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        return old;
    }

    /**
     * Copies all elements of {@code other} (sequences deeply). Text values are decoded with the
     * other data set's character set when the two differ; binary values are swapped when the
     * byte orders differ.
     */
    public Attributes addAll(Attributes other) {
        boolean sameCs = other.getSpecificCharacterSet()
                .toString()
                .equals(getSpecificCharacterSet().toString());
        for (int k = 0; k < other.size; k++) {
            int tag = other.tags[k];
            VR vr = other.vrs[k];
            Object v = other.values[k];
            if (v instanceof Sequence s) {
                Sequence copy = newSequence(tag, s.size());
                for (Attributes item : s) {
                    Attributes c = new Attributes(bigEndian, item.size);
                    copy.add(c);
                    c.addAll(item);
                }
                continue;
            }
            if (v instanceof byte[] b) {
                if (vr.isString() && vr.usesSpecificCharacterSet() && !sameCs) {
                    v = Values.decodeStrings(b, vr, other.getSpecificCharacterSet());
                } else if (other.bigEndian != bigEndian && vr.swapUnit() > 1) {
                    byte[] c = b.clone();
                    ByteUtils.swap(c, 0, c.length, vr.swapUnit());
                    v = c;
                }
            }
            set(tag, vr, v);
        }
        return this;
    }

    /** Visits the elements in tag order, optionally descending into sequence items. */
    public boolean accept(Visitor visitor, boolean visitNestedDatasets) throws Exception {
        for (int i = 0; i < size; i++) {
            if (!visitor.visit(this, tags[i], vrs[i], values[i])) {
                return false;
            }
            if (visitNestedDatasets && values[i] instanceof Sequence s) {
                for (Attributes item : s) {
                    if (!item.accept(visitor, true)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Tag at position {@code index} (0 ≤ index < size). */
    public int tagAt(int index) {
        return tags[index];
    }

    /** VR at position {@code index}. */
    public VR vrAt(int index) {
        return vrs[index];
    }

    /** Value at position {@code index}. */
    public Object valueAt(int index) {
        return values[index];
    }

    /**
     * Equal elements: same tags and VRs; string values equal after decoding, binary values equal
     * in a common byte order, sequences and fragments equal item by item.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && ValueComparator.equalDatasets(this, a);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tags());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(Tag.toString(tags[i])).append(' ').append(vrs[i]).append(' ');
            Object v = values[i];
            if (v instanceof Sequence s) {
                sb.append('#').append(s.size()).append(" items");
            } else if (v instanceof Fragments f) {
                sb.append('#').append(f.size()).append(" fragments");
            } else if (v instanceof BulkData b) {
                sb.append(b);
            } else {
                String[] s = vrs[i].isString() || !(v instanceof byte[])
                        ? getStrings(tags[i])
                        : Values.binaryToStrings((byte[]) v, vrs[i], bigEndian);
                sb.append('[')
                        .append(s == null ? "#" + ((byte[]) v).length + " bytes" : String.join("\\", s))
                        .append(']');
            }
            sb.append(' ').append(ElementDictionary.keywordOf(tags[i])).append('\n');
        }
        return sb.toString();
    }
}
