package io.radflow.model.postprocess;

import io.radflow.model.manifest.LabelSpec;

/**
 * A binary mask of one label on the source frame (its Columns x Rows), row by row.
 *
 * @param label the manifest's label
 * @param width source Columns
 * @param height source Rows
 * @param pixels 1 inside, 0 outside
 */
public record SegmentMask(LabelSpec label, int width, int height, byte[] pixels) {

    /** Number of pixels inside. */
    public int area() {
        int n = 0;
        for (byte b : pixels) {
            n += b;
        }
        return n;
    }

    public boolean get(int x, int y) {
        return pixels[y * width + x] != 0;
    }
}
