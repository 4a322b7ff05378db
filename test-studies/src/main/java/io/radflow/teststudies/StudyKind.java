package io.radflow.teststudies;

import java.util.Locale;

/** The kinds of synthetic study the generator makes (the CLI's {@code --kind}). */
public enum StudyKind {
    /** Abdominal CT (two series) with body-composition ground truth and the mid-L3 slice. */
    ABDOMINAL_CT,
    /** Chest CT (two series) with ground-glass lesions (default 2). */
    CHEST_CT,
    /** Chest CT without lesions. */
    CHEST_CT_NORMAL,
    /** PA chest radiograph with findings (default 2, drawn from the seed). */
    CHEST_DX_PA,
    /** AP chest radiograph (enlarged heart shadow) with findings (default 2, drawn from the seed). */
    CHEST_DX_AP,
    /** PA chest radiograph without findings. */
    CHEST_DX_NORMAL;

    /** The CLI name: lower case with hyphens ("abdominal-ct"). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind for a CLI name. */
    public static StudyKind ofCliName(String name) {
        for (StudyKind k : values()) {
            if (k.cliName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind " + name + "; one of: " + names());
    }

    /** All CLI names, comma separated. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (StudyKind k : values()) {
            sb.append(sb.length() > 0 ? ", " : "").append(k.cliName());
        }
        return sb.toString();
    }

    /** Whether this is a CT kind. */
    public boolean isCt() {
        return this == ABDOMINAL_CT || this == CHEST_CT || this == CHEST_CT_NORMAL;
    }
}
