package io.radflow.model.postprocess;

import java.util.ArrayList;
import java.util.List;

/** 8-connected components of a binary mask (row by row, {@code width} x {@code height}). */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /**
     * One component.
     *
     * @param pixels indices of its pixels ({@code y * width + x}), in the order the fill reached them
     * @param minX leftmost column
     * @param minY top row
     * @param maxX rightmost column (inclusive)
     * @param maxY bottom row (inclusive)
     */
    public record Component(int[] pixels, int minX, int minY, int maxX, int maxY) {
        public int area() {
            return pixels.length;
        }
    }

    /** The components of {@code mask}, in order of their first pixel. */
    public static List<Component> of(boolean[] mask, int width, int height) {
        boolean[] seen = new boolean[mask.length];
        int[] stack = new int[mask.length];
        List<Component> out = new ArrayList<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int top = 0;
            int count = 0;
            int[] members = new int[16];
            stack[top++] = start;
            seen[start] = true;
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            while (top > 0) {
                int p = stack[--top];
                if (count == members.length) {
                    members = java.util.Arrays.copyOf(members, count * 2);
                }
                members[count++] = p;
                int x = p % width;
                int y = p / width;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= width) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (mask[q] && !seen[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            out.add(new Component(java.util.Arrays.copyOf(members, count), minX, minY, maxX, maxY));
        }
        return out;
    }

    /** Clears the components of {@code mask} smaller than {@code minPixels}; returns how many. */
    public static int removeSmall(boolean[] mask, int width, int height, int minPixels) {
        if (minPixels <= 1) {
            return 0;
        }
        int removed = 0;
        for (Component c : of(mask, width, height)) {
            if (c.area() < minPixels) {
                for (int p : c.pixels()) {
                    mask[p] = false;
                }
                removed++;
            }
        }
        return removed;
    }
}
