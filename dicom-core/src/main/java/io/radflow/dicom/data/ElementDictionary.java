package io.radflow.dicom.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard data dictionary (PS3.6 chapters 6 to 8): VR, VM, keyword, name and retired flag of
 * each public data element, including repeating groups (50xx, 60xx, 7Fxx, 1000xxx0, ...).
 *
 * <p>Loaded once from the generated resource {@code elements.tsv} (see {@code
 * src/build/gen-dictionary.py}). Private tags and unknown tags have VR UN here; {@link
 * PrivateElementDictionary} knows private elements by private creator.
 */
public final class ElementDictionary {
    /** One dictionary entry; {@code vrs} lists all allowed VRs for ambiguous ones ("US or SS"). */
    public record Entry(int tag, int mask, VR vr, VR[] vrs, String vm, String keyword, String name, boolean retired) {
        /** True if the standard allows more than one VR for this element ("US or SS", "OB or OW"). */
        public boolean ambiguousVR() {
            return vrs.length > 1;
        }
    }

    private static final Map<Integer, Entry> BY_TAG = new HashMap<>(8192);
    private static final Map<String, Entry> BY_KEYWORD = new HashMap<>(8192);
    private static final List<Entry> REPEATING = new ArrayList<>();

    static {
        for (String[] f : DictionaryResource.rows("elements.tsv")) {
            int mask = DictionaryResource.mask(f[0]);
            int tag = DictionaryResource.tag(f[0]);
            VR[] vrs = DictionaryResource.vrs(f[1]);
            Entry e = new Entry(tag, mask, vrs[0], vrs, f[2], f[3], f[4], "R".equals(f[5]));
            if (mask == -1) {
                BY_TAG.put(tag, e);
            } else {
                REPEATING.add(e);
            }
            if (!e.keyword().isEmpty()) {
                BY_KEYWORD.putIfAbsent(e.keyword(), e);
            }
        }
    }

    private ElementDictionary() {}

    /** The entry for {@code tag} (exact or repeating group), or null for private/unknown tags. */
    public static Entry entry(int tag) {
        Entry e = BY_TAG.get(tag);
        if (e != null) {
            return e;
        }
        if ((tag & 0xFFFF) == 0) {
            return GROUP_LENGTH;
        }
        if (Tag.isPrivateTag(tag)) {
            return Tag.isPrivateCreator(tag) ? PRIVATE_CREATOR : null;
        }
        for (Entry r : REPEATING) {
            if ((tag & r.mask()) == r.tag()) {
                return r;
            }
        }
        return null;
    }

    private static final Entry GROUP_LENGTH =
            new Entry(0, 0xFFFF, VR.UL, new VR[] {VR.UL}, "1", "GroupLength", "Group Length", true);
    private static final Entry PRIVATE_CREATOR =
            new Entry(0x00010010, 0x1FF00, VR.LO, new VR[] {VR.LO}, "1", "PrivateCreator", "Private Creator", false);

    /** VR of {@code tag} (the first one where the standard allows several), UN when unknown. */
    public static VR vrOf(int tag) {
        Entry e = entry(tag);
        return e == null ? VR.UN : e.vr();
    }

    /** Keyword of {@code tag}, or "" when unknown. */
    public static String keywordOf(int tag) {
        Entry e = entry(tag);
        return e == null ? "" : e.keyword();
    }

    /** Name of {@code tag}, or "" when unknown. */
    public static String nameOf(int tag) {
        Entry e = entry(tag);
        return e == null ? "" : e.name();
    }

    /** Value multiplicity of {@code tag} ("1", "1-n", "2-2n", ...), or "" when unknown. */
    public static String vmOf(int tag) {
        Entry e = entry(tag);
        return e == null ? "" : e.vm();
    }

    /** True if the standard retired {@code tag}. */
    public static boolean isRetired(int tag) {
        Entry e = entry(tag);
        return e != null && e.retired();
    }

    /** Tag for a keyword ("PatientName" → 0x00100010), or -1 when unknown. */
    public static int tagForKeyword(String keyword) {
        Entry e = BY_KEYWORD.get(keyword);
        return e == null ? -1 : e.tag();
    }

    /** Number of entries, repeating groups counted once. */
    public static int size() {
        return BY_TAG.size() + REPEATING.size();
    }
}
