package io.radflow.dicom.data;

import java.util.HashMap;
import java.util.Map;

/** The UID registry (PS3.6 Annex A), loaded from the generated resource {@code uids.tsv}. */
public final class UIDDictionary {
    /** One registered UID. */
    public record Entry(String uid, String keyword, String name, String type, boolean retired) {}

    private static final Map<String, Entry> BY_UID = new HashMap<>(1024);
    private static final Map<String, Entry> BY_KEYWORD = new HashMap<>(1024);

    static {
        for (String[] f : DictionaryResource.rows("uids.tsv")) {
            Entry e = new Entry(f[0], f[1], f[2], f[3], "R".equals(f[4]));
            BY_UID.put(e.uid(), e);
            if (!e.keyword().isEmpty()) {
                BY_KEYWORD.putIfAbsent(e.keyword(), e);
            }
        }
    }

    private UIDDictionary() {}

    /** The entry for {@code uid}, or null if it is not in the registry. */
    public static Entry lookup(String uid) {
        return uid == null ? null : BY_UID.get(uid);
    }

    /** The entry for a keyword, or null. */
    public static Entry forKeyword(String keyword) {
        return BY_KEYWORD.get(keyword);
    }

    /** Number of registered UIDs. */
    public static int size() {
        return BY_UID.size();
    }
}
