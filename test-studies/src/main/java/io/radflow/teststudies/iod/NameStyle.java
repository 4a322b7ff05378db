package io.radflow.teststudies.iod;

/** How the patient's name is written, and with which Specific Character Set (0008,0005). */
public enum NameStyle {
    /** Romanized name only, default repertoire (no Specific Character Set element). */
    ASCII(null),
    /**
     * Korean name with alphabetic, ideographic (Hanja) and phonetic (Hangul) groups in {@code
     * \ISO 2022 IR 149} (KS X 1001 designated to G1 with ESC $ ) C), as Korean hospitals write it.
     */
    KOREAN_ISO_2022(new String[] {"", "ISO 2022 IR 149"}),
    /** The same Korean name in UTF-8 ({@code ISO_IR 192}). */
    KOREAN_UTF8(new String[] {"ISO_IR 192"});

    private final String[] specificCharacterSet;

    NameStyle(String[] specificCharacterSet) {
        this.specificCharacterSet = specificCharacterSet;
    }

    /** Values of Specific Character Set, or null when the element is left out. */
    public String[] specificCharacterSet() {
        return specificCharacterSet == null ? null : specificCharacterSet.clone();
    }
}
