package io.radflow.dicom.data;

import java.util.HashMap;
import java.util.Map;

/**
 * The private data dictionary: VR, VM and name of private data elements by private creator, so that
 * private elements read in Implicit VR get their VR where the creator of their block is known.
 *
 * <p>A private data element (gggg,xxee) belongs to the block xx reserved by the private creator
 * element (gggg,00xx) of the same data set (PS3.5 7.8.1). Entries match, in this order (as pydicom
 * looks them up): {@code ggggeeee} one element of one block, {@code ggggxxee} element ee of any
 * block of group gggg, {@code ggxxxxee} element ee of any block of any odd group ggx1-ggFF.
 *
 * <p>Generated from pydicom's {@code _private_dict.py} merged with dcmtk's {@code private.dic} by
 * {@code src/build/gen-dictionary.py} into the resource {@code private-elements.tsv}, which is
 * loaded at first use: reading data sets without private elements in Implicit VR never loads it.
 */
public final class PrivateElementDictionary {
    /** One entry: {@code tag} is the pattern with 0 for the {@code x} digits, {@code mask} has F for the others. */
    public record Entry(String creator, int tag, int mask, VR vr, VR[] vrs, String vm, String name) {
        /** True for "OB or OW" entries (pydicom's OB_OW, dcmtk's ox and px). */
        public boolean ambiguousVR() {
            return vrs.length > 1;
        }
    }

    private PrivateElementDictionary() {}

    /** Loaded on first use of {@link #entry}. */
    private static final class Table {
        /** creator → (tag pattern with 0 for x → entry); the three patterns cannot collide in odd groups. */
        static final Map<String, Map<Integer, Entry>> BY_CREATOR = load();

        static final int SIZE = BY_CREATOR.values().stream().mapToInt(Map::size).sum();

        private static Map<String, Map<Integer, Entry>> load() {
            Map<String, Map<Integer, Entry>> byCreator = new HashMap<>(1024);
            for (String[] f : DictionaryResource.rows("private-elements.tsv")) {
                int tag = DictionaryResource.tag(f[1]);
                VR[] vrs = DictionaryResource.vrs(f[2]);
                Entry e = new Entry(f[0], tag, DictionaryResource.mask(f[1]), vrs[0], vrs, f[3], f[4]);
                byCreator.computeIfAbsent(f[0], c -> new HashMap<>()).put(tag, e);
            }
            return byCreator;
        }
    }

    /**
     * The private creator element (gggg,00xx) reserving the block of the private data element
     * {@code tag} (gggg,xxee), or -1 if {@code tag} is not a private data element (element 1000-FFFF
     * of an odd group).
     */
    public static int creatorTag(int tag) {
        if (!Tag.isPrivateTag(tag) || (tag & 0xFFFF) < 0x1000) {
            return -1;
        }
        return (tag & 0xFFFF0000) | ((tag >>> 8) & 0xFF);
    }

    /** The entry for private data element {@code tag} of a block of {@code privateCreator}, or null. */
    public static Entry entry(String privateCreator, int tag) {
        if (privateCreator == null || creatorTag(tag) == -1) {
            return null;
        }
        Map<Integer, Entry> entries = Table.BY_CREATOR.get(privateCreator);
        if (entries == null) {
            return null;
        }
        Entry e = entries.get(tag);
        if (e == null) {
            e = entries.get(tag & 0xFFFF00FF);
        }
        if (e == null) {
            e = entries.get(tag & 0xFF0000FF);
        }
        return e;
    }

    /** VR of private data element {@code tag} of a block of {@code privateCreator}, UN when unknown. */
    public static VR vrOf(String privateCreator, int tag) {
        Entry e = entry(privateCreator, tag);
        return e == null ? VR.UN : e.vr();
    }

    /** Name of private data element {@code tag} of a block of {@code privateCreator}, or "" when unknown. */
    public static String nameOf(String privateCreator, int tag) {
        Entry e = entry(privateCreator, tag);
        return e == null ? "" : e.name();
    }

    /** Number of entries. */
    public static int size() {
        return Table.SIZE;
    }
}
