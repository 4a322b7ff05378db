package io.radflow.model.manifest;

/** How resample and resize steps compute new pixels; formulas in {@code models/README.md}. */
public enum Interpolation {
    /**
     * Bilinear with half-pixel centres and no antialiasing: {@code
     * torch.nn.functional.interpolate(mode="bilinear", align_corners=False)}.
     */
    BILINEAR,
    /** Nearest neighbour, source index {@code floor(i * in / out)}: torch's {@code mode="nearest"}. */
    NEAREST;

    static Interpolation of(String json) {
        return json == null ? BILINEAR : valueOf(json.toUpperCase(java.util.Locale.ROOT));
    }
}
