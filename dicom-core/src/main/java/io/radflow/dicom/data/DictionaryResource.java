package io.radflow.dicom.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the dictionaries' generated resources ({@code src/build/gen-dictionary.py}): tab separated
 * rows, {@code #} comment lines; tags as 8 hex digits with {@code x} for the repeating ones.
 */
final class DictionaryResource {
    private DictionaryResource() {}

    /** The rows of resource {@code name} (next to this class), each split at tabs. */
    static List<String[]> rows(String name) {
        List<String[]> rows = new ArrayList<>(8192);
        try (InputStream in = DictionaryResource.class.getResourceAsStream(name);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The tag of a pattern ("60xx3000"), 0 for each x. */
    static int tag(String pattern) {
        int tag = 0;
        for (int i = 0; i < 8; i++) {
            char c = pattern.charAt(i);
            tag = (tag << 4) | (c == 'x' ? 0 : Character.digit(c, 16));
        }
        return tag;
    }

    /** The mask of a pattern ("60xx3000" → 0xFF00FFFF): F for each hex digit, 0 for each x. */
    static int mask(String pattern) {
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            mask = (mask << 4) | (pattern.charAt(i) == 'x' ? 0 : 0xF);
        }
        return mask;
    }

    /** The VRs of a VR field ("US|SS"). */
    static VR[] vrs(String field) {
        String[] names = field.split("\\|");
        VR[] vrs = new VR[names.length];
        for (int i = 0; i < vrs.length; i++) {
            vrs[i] = VR.valueOf(names[i]);
        }
        return vrs;
    }
}
