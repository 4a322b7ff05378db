package io.radflow.labeling.qido;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The person name normalisation of ingest's read contract ({@code docs/archive-index.md},
 * {@code patient_name_norm}): {@code ^} and {@code =} to spaces, NFKD, combining marks removed, NFC,
 * upper case, white space collapsed. A fuzzy query value is normalised the same way, so matching is
 * case- and accent-insensitive.
 */
final class PersonNames {
    private PersonNames() {}

    static String normalize(String pn) {
        String s = pn.replace('^', ' ').replace('=', ' ');
        s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = Normalizer.normalize(s, Normalizer.Form.NFC).toUpperCase(Locale.ROOT);
        return s.replaceAll("\\s+", " ").trim();
    }
}
