package io.radflow.ingest.index;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised person name stored for fuzzy matching (docs/archive-index.md): {@code ^} and
 * {@code =} as spaces, Unicode NFKD, combining marks removed, NFC, upper case, white space
 * collapsed. {@code Müller^Jürgen} becomes {@code MULLER JURGEN}; Hangul and Han stay as they are.
 */
public final class PersonNames {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private PersonNames() {}

    /** The normalised form, or null for null or blank input. */
    public static String normalize(String pn) {
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
}
