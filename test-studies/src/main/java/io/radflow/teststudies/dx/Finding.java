package io.radflow.teststudies.dx;

import io.radflow.teststudies.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Kinds of finding drawn on synthetic chest radiographs, each with its own look. */
public enum Finding {
    /** Lobar consolidation: a dense, homogeneous opacity filling part of a lobe, sharp along the fissure. */
    PNEUMONIA,
    /** Upper-zone opacities (two or three merging patches) with one or two lucent cavities. */
    TUBERCULOSIS,
    /** Apical and lateral air rim: a thin white pleural line, no lung markings beyond it, darker. */
    PNEUMOTHORAX,
    /** A small round opacity (radius 5–9 mm) with a sharp edge. */
    NODULE;

    /** The CLI and JSON name ("pneumothorax"). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The finding for a CLI name. */
    public static Finding ofCliName(String name) {
        for (Finding f : values()) {
            if (f.cliName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown finding " + name + "; one of: pneumonia, tuberculosis," + " pneumothorax, nodule, random");
    }

    /** {@code count} distinct findings (0…4) drawn from the seed. */
    public static List<Finding> drawn(long seed, int count) {
        if (count < 0 || count > values().length) {
            throw new IllegalArgumentException("findings must be 0.." + values().length + ": " + count);
        }
        Rng rng = Rng.of(seed, "chest-dx/findings", count);
        List<Finding> pool = new ArrayList<>(List.of(values()));
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pool.remove(rng.nextInt(pool.size())));
        }
        return List.copyOf(out);
    }

    /**
     * The findings of the CLI's {@code --finding random} mode: none, one or two distinct findings
     * (a third of seeds each), so each finding is present on about a quarter of the radiographs.
     */
    public static List<Finding> random(long seed) {
        return drawn(seed, Rng.of(seed, "chest-dx/random-count", 0).nextInt(3));
    }
}
