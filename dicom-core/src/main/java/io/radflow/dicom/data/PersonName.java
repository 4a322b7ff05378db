package io.radflow.dicom.data;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Person Name (PN) value: up to three component groups (alphabetic, ideographic, phonetic)
 * separated by '=', each of up to five components separated by '^' (PS3.5 6.2.1).
 */
public final class PersonName {
    /** Component groups. */
    public enum Group {
        Alphabetic,
        Ideographic,
        Phonetic
    }

    /** Components of one group. */
    public enum Component {
        FamilyName,
        GivenName,
        MiddleName,
        NamePrefix,
        NameSuffix
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String[][] groups = new String[3][5];

    /**
     * The form of a PN value used for fuzzy matching (QIDO-RS {@code fuzzymatching=true}): {@code ^}
     * and {@code =} as spaces, Unicode NFKD, combining marks removed, NFC, upper case, white space
     * collapsed. {@code Müller^Jürgen} becomes {@code MULLER JURGEN}; Hangul and Han stay as they
     * are. The archive index stores it and query values are normalised the same way, so both sides
     * must use this one definition.
     *
     * @return the normalised form, or null for null or blank input
     */
    public static String normalizeForMatching(String pn) {
        if (pn == null) {
            return null;
        }
        String s = pn.replace('^', ' ').replace('=', ' ');
        s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        s = MARKS.matcher(s).replaceAll("");
        s = Normalizer.normalize(s, Normalizer.Form.NFC).toUpperCase(Locale.ROOT);
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return s.isEmpty() ? null : s;
    }

    /** An empty name. */
    public PersonName() {
        for (String[] g : groups) {
            Arrays.fill(g, "");
        }
    }

    /** Parses a decoded PN value such as {@code "Hong^Gildong=洪^吉洞=홍^길동"}. */
    public PersonName(String value) {
        this();
        if (value == null) {
            return;
        }
        String[] gs = value.split("=", -1);
        for (int g = 0; g < Math.min(3, gs.length); g++) {
            String[] cs = gs[g].split("\\^", -1);
            for (int c = 0; c < Math.min(5, cs.length); c++) {
                groups[g][c] = cs[c];
            }
            if (cs.length > 5) {
                groups[g][4] = String.join("^", Arrays.copyOfRange(cs, 4, cs.length));
            }
        }
    }

    /** One component. */
    public String get(Group group, Component component) {
        return groups[group.ordinal()][component.ordinal()];
    }

    /** Sets one component. */
    public PersonName set(Group group, Component component, String value) {
        groups[group.ordinal()][component.ordinal()] = value == null ? "" : value;
        return this;
    }

    /** One group as encoded ("Family^Given"), trailing empty components removed. */
    public String group(Group group) {
        String[] g = groups[group.ordinal()];
        int n = 5;
        while (n > 0 && g[n - 1].isEmpty()) {
            n--;
        }
        return String.join("^", Arrays.copyOf(g, n));
    }

    /** Alphabetic group. */
    public String alphabetic() {
        return group(Group.Alphabetic);
    }

    /** Ideographic group. */
    public String ideographic() {
        return group(Group.Ideographic);
    }

    /** Phonetic group. */
    public String phonetic() {
        return group(Group.Phonetic);
    }

    /** True if no component has a value. */
    public boolean isEmpty() {
        return toString().isEmpty();
    }

    /** The PN value, trailing empty groups and components removed. */
    @Override
    public String toString() {
        String[] gs = {alphabetic(), ideographic(), phonetic()};
        int n = 3;
        while (n > 0 && gs[n - 1].isEmpty()) {
            n--;
        }
        return String.join("=", Arrays.copyOf(gs, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonName p && p.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
