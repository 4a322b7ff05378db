package io.radflow.inference.pipeline;

import io.radflow.model.postprocess.ConnectedComponents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        boolean[] air = new boolean[hu.length];
        for (int p = 0; p < hu.length; p++) {
            air[p] = hu[p] < AIR_HU;
        }
        List<ConnectedComponents.Component> inside = new ArrayList<>();
        for (ConnectedComponents.Component c : ConnectedComponents.of(air, columns, rows)) {
            boolean border = c.minX() == 0 || c.minY() == 0 || c.maxX() == columns - 1 || c.maxY() == rows - 1;
            if (!border) {
                inside.add(c);
            }
        }
        inside.sort(Comparator.comparingInt(ConnectedComponents.Component::area).reversed());
        boolean[] lungs = new boolean[hu.length];
        for (int i = 0; i < Math.min(2, inside.size()); i++) {
            if (inside.get(i).area() * 8 < inside.get(0).area()) {
                break;
            }
            for (int p : inside.get(i).pixels()) {
                lungs[p] = true;
            }
        }
        return fillHoles(lungs, rows, columns);
    }

    /** The mask with every background region that does not reach the border filled in. */
    static boolean[] fillHoles(boolean[] mask, int rows, int columns) {
        boolean[] outside = new boolean[mask.length];
        int[] stack = new int[mask.length];
        int top = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if ((r == 0 || c == 0 || r == rows - 1 || c == columns - 1) && !mask[r * columns + c]) {
                    outside[r * columns + c] = true;
                    stack[top++] = r * columns + c;
                }
            }
        }
        while (top > 0) { // 4-connected background, so that an 8-connected lung wall closes its holes
            int p = stack[--top];
            int r = p / columns;
            int c = p % columns;
            int[] next = {
                r > 0 ? p - columns : -1,
                r < rows - 1 ? p + columns : -1,
                c > 0 ? p - 1 : -1,
                c < columns - 1 ? p + 1 : -1
            };
            for (int q : next) {
                if (q >= 0 && !mask[q] && !outside[q]) {
                    outside[q] = true;
                    stack[top++] = q;
                }
            }
        }
        boolean[] filled = new boolean[mask.length];
        for (int p = 0; p < mask.length; p++) {
            filled[p] = !outside[p];
        }
        return filled;
    }
}
