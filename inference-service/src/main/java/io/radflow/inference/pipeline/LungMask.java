package io.radflow.inference.pipeline;

/**
 * The lungs of an axial CT slice from its Hounsfield units: pixels below {@value #AIR_HU} HU, less
 * the air around the body (components that touch the image border), the (at most) two largest
 * remaining components — each at least an eighth of the largest — with their holes filled, so that
 * a dense lesion inside a lung stays inside the mask.
 */
public final class LungMask {
    /** Threshold between lung parenchyma (about −850 HU, ground glass −700…−300) and soft tissue. */
    public static final int AIR_HU = -320;

    private LungMask() {}

    /** The lung mask of a slice (true inside a lung). */
    public static boolean[] of(float[] hu, int rows, int columns) {
        int n = hu.length;
        // 0: not air; -1: air not yet labelled; -2: air reaching the border; k > 0: inside component k
        int[] label = new int[n];
        for (int p = 0; p < n; p++) {
            label[p] = hu[p] < AIR_HU ? -1 : 0;
        }
        int[] stack = new int[n];
        // the air around the body: every air component that touches the border
        for (int c = 0; c < columns; c++) {
            flood(label, stack, c, -2, rows, columns);
            flood(label, stack, (rows - 1) * columns + c, -2, rows, columns);
        }
        for (int r = 0; r < rows; r++) {
            flood(label, stack, r * columns, -2, rows, columns);
            flood(label, stack, r * columns + columns - 1, -2, rows, columns);
        }
        // the air inside it, by component; the two largest (each at least an eighth of the largest)
        int[] area = new int[16];
        int components = 0;
        for (int p = 0; p < n; p++) {
            if (label[p] == -1) {
                components++;
                if (components == area.length) {
                    area = java.util.Arrays.copyOf(area, area.length * 2);
                }
                area[components] = flood(label, stack, p, components, rows, columns);
            }
        }
        int first = 0;
        int second = 0;
        for (int k = 1; k <= components; k++) {
            if (first == 0 || area[k] > area[first]) {
                second = first;
                first = k;
            } else if (second == 0 || area[k] > area[second]) {
                second = k;
            }
        }
        if (second != 0 && area[second] * 8L < area[first]) {
            second = 0;
        }
        boolean[] lungs = new boolean[n];
        if (first == 0) {
            return lungs;
        }
        int minR = rows;
        int maxR = -1;
        int minC = columns;
        int maxC = -1;
        for (int p = 0; p < n; p++) {
            int k = label[p];
            if (k > 0 && (k == first || k == second)) {
                lungs[p] = true;
                int r = p / columns;
                int c = p - r * columns;
                minR = Math.min(minR, r);
                maxR = Math.max(maxR, r);
                minC = Math.min(minC, c);
                maxC = Math.max(maxC, c);
            }
        }
        return fillHoles(lungs, rows, columns, minR, maxR, minC, maxC);
    }

    /**
     * Labels the 8-connected component of {@code label == -1} pixels that contains {@code start} (if
     * {@code start} is such a pixel) with {@code value}; returns its size.
     */
    private static int flood(int[] label, int[] stack, int start, int value, int rows, int columns) {
        if (label[start] != -1) {
            return 0;
        }
        int top = 0;
        int size = 0;
        label[start] = value;
        stack[top++] = start;
        while (top > 0) {
            int p = stack[--top];
            size++;
            int r = p / columns;
            int c = p - r * columns;
            int r0 = r > 0 ? -1 : 0;
            int r1 = r < rows - 1 ? 1 : 0;
            int c0 = c > 0 ? -1 : 0;
            int c1 = c < columns - 1 ? 1 : 0;
            for (int dr = r0; dr <= r1; dr++) {
                int row = p + dr * columns;
                for (int dc = c0; dc <= c1; dc++) {
                    int q = row + dc;
                    if (label[q] == -1) {
                        label[q] = value;
                        stack[top++] = q;
                    }
                }
            }
        }
        return size;
    }

    /** The mask with every background region that does not reach the border filled in. */
    static boolean[] fillHoles(boolean[] mask, int rows, int columns) {
        return fillHoles(mask, rows, columns, 0, rows - 1, 0, columns - 1);
    }

    /**
     * As {@link #fillHoles(boolean[], int, int)} for a mask that lies within rows {@code minR…maxR}
     * and columns {@code minC…maxC}: only that box (one pixel wider each side, where it can be) is
     * searched, since everything outside it reaches the border anyway.
     */
    static boolean[] fillHoles(boolean[] mask, int rows, int columns, int minR, int maxR, int minC, int maxC) {
        int r0 = Math.max(0, minR - 1);
        int r1 = Math.min(rows - 1, maxR + 1);
        int c0 = Math.max(0, minC - 1);
        int c1 = Math.min(columns - 1, maxC + 1);
        boolean[] outside = new boolean[mask.length];
        int[] stack = new int[(r1 - r0 + 1) * (c1 - c0 + 1)];
        int top = 0;
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                int p = r * columns + c;
                if ((r == r0 || c == c0 || r == r1 || c == c1) && !mask[p]) {
                    outside[p] = true;
                    stack[top++] = p;
                }
            }
        }
        while (top > 0) { // 4-connected background, so that an 8-connected lung wall closes its holes
            int p = stack[--top];
            int r = p / columns;
            int c = p - r * columns;
            if (r > r0 && !mask[p - columns] && !outside[p - columns]) {
                outside[p - columns] = true;
                stack[top++] = p - columns;
            }
            if (r < r1 && !mask[p + columns] && !outside[p + columns]) {
                outside[p + columns] = true;
                stack[top++] = p + columns;
            }
            if (c > c0 && !mask[p - 1] && !outside[p - 1]) {
                outside[p - 1] = true;
                stack[top++] = p - 1;
            }
            if (c < c1 && !mask[p + 1] && !outside[p + 1]) {
                outside[p + 1] = true;
                stack[top++] = p + 1;
            }
        }
        boolean[] filled = new boolean[mask.length];
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                int p = r * columns + c;
                filled[p] = !outside[p];
            }
        }
        return filled;
    }
}
