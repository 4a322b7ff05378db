package io.radflow.dicom.data;

import java.util.Arrays;

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

    private final String[][] groups = new String[3][5];

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
