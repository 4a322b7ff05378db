package io.radflow.dicom.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PS3.15 Table E.1-1 as Radflow applies it: the Basic Profile's action of each listed attribute,
 * overridden by the Retain Patient Characteristics Option's column ({@code K} keeps; {@code C},
 * cleaning, is not implemented, so the Basic Profile's action applies), plus Radflow's own
 * stricter rows. Loaded from {@code confidentiality-profile.tsv}, generated from the standard's
 * DocBook source by {@code dicom-core/src/build/gen-deid-profile.py}.
 */
final class ConfidentialityProfile {
    /** Action codes of PS3.15 Table E.1-1a. */
    enum Action {
        /** Remove. */
        X,
        /** Replace with a zero length value. */
        Z,
        /** Replace with a non-zero length dummy value. */
        D,
        /** Replace the UID with a consistent pseudonym. */
        U,
        /** Keep. */
        K,
        /** X unless Z is required (Type 3 versus Type 2). */
        X_Z,
        /** X unless D is required (Type 3 versus Type 1). */
        X_D,
        /** Z unless D is required (Type 2 versus Type 1). */
        Z_D,
        /** X unless Z or D is required (Type 3, 2 or 1). */
        X_Z_D,
        /** X unless Z or replacement of the contained UIDs is required (sequences). */
        X_Z_U;

        static Action of(String code) {
            return switch (code) {
                case "X/Z" -> X_Z;
                case "X/D" -> X_D;
                case "Z/D" -> Z_D;
                case "X/Z/D" -> X_Z_D;
                case "X/Z/U*" -> X_Z_U;
                default -> valueOf(code);
            };
        }
    }

    private static final String RESOURCE = "confidentiality-profile.tsv";
    private static final int BASIC = 1;
    private static final int RETAIN_PATIENT_CHARACTERISTICS = 6;

    private record Pattern(int tag, int mask, Action action) {}

    private final Map<Integer, Action> exact = new HashMap<>(1024);
    private final List<Pattern> patterns = new ArrayList<>();
    private final int rows;

    private ConfidentialityProfile(Map<Integer, Action> overrides) {
        int n = 0;
        try (InputStream in = ConfidentialityProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String option = f[RETAIN_PATIENT_CHARACTERISTICS];
                Action action = option.equals("K") ? Action.K : Action.of(f[BASIC]);
                add(f[0], action);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exact.putAll(overrides);
        this.rows = n;
    }

    private void add(String pattern, Action action) {
        int tag = 0;
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            char c = pattern.charAt(i);
            tag = (tag << 4) | (c == 'x' ? 0 : Character.digit(c, 16));
            mask = (mask << 4) | (c == 'x' ? 0 : 0xF);
        }
        if (mask == -1) {
            exact.put(tag, action);
        } else {
            patterns.add(new Pattern(tag, mask, action));
        }
    }

    /** The table with Radflow's overrides (tag → action) applied on top. */
    static ConfidentialityProfile load(Map<Integer, Action> overrides) {
        return new ConfidentialityProfile(overrides);
    }

    /** The action for {@code tag}, or null when the table does not list it. */
    Action action(int tag) {
        Action a = exact.get(tag);
        if (a != null) {
            return a;
        }
        for (Pattern p : patterns) {
            if ((tag & p.mask) == p.tag) {
                return p.action;
            }
        }
        return null;
    }

    /** Number of attribute rows read from the table. */
    int rows() {
        return rows;
    }
}
