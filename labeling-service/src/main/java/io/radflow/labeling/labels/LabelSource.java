package io.radflow.labeling.labels;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a label-set version was made (stored as {@link #id()}). */
public enum LabelSource {
    /** Brush, freehand polygon, eraser: a person's own strokes. */
    MANUAL("manual", false),
    /** Histogram back projection from a sample rectangle. */
    BACK_PROJECTION("back-projection", true),
    /** GrabCut from a rectangle (and scribbles). */
    GRABCUT("grabcut", true),
    /** A HU range threshold. */
    THRESHOLD("threshold", true),
    /** An AI model's segmentation (pre-labels); detail: model id and version. */
    MODEL("model", false),
    /** A SEG in the archive; detail: its SOP Instance UID. */
    IMPORTED_SEG("imported-seg", false),
    /** Content of an earlier version; detail: that version. */
    REVERT("revert", false);

    private final String id;
    private final boolean semiAutomatic;

    LabelSource(String id, boolean semiAutomatic) {
        this.id = id;
        this.semiAutomatic = semiAutomatic;
    }

    /** The name in the API and the database. */
    public String id() {
        return id;
    }

    /** True for the tools that compute a mask from the image (SEG algorithm type SEMIAUTOMATIC). */
    public boolean semiAutomatic() {
        return semiAutomatic;
    }

    /** The source a person's save may name (model, imported-seg and revert are the service's own). */
    public static LabelSource ofSave(String id) {
        LabelSource s = id == null ? MANUAL : of(id);
        if (s == null || s == MODEL || s == IMPORTED_SEG || s == REVERT) {
            throw new IllegalArgumentException("source must be one of manual, back-projection, grabcut, threshold");
        }
        return s;
    }

    /** The source with that id, or null. */
    public static LabelSource of(String id) {
        for (LabelSource s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Every id, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(LabelSource::id).collect(Collectors.joining(", "));
    }
}
