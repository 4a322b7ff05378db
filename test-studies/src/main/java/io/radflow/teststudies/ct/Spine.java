package io.radflow.teststudies.ct;

import io.radflow.teststudies.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The vertebral column along z: C7 (upwards without end), T1–T12, L1–L5, the sacrum (downwards
 * without end), with discs between. Heights are drawn from the seed; mid-L3 lies at a given z.
 */
public final class Spine {
    private final List<SpineSegment> segments; // inferior to superior

    Spine(Rng rng, double zMidL3) {
        List<String> names = new ArrayList<>();
        names.add("S1");
        for (int i = 5; i >= 1; i--) {
            names.add("L" + i);
        }
        for (int i = 12; i >= 1; i--) {
            names.add("T" + i);
        }
        names.add("C7");
        double[] heights = new double[names.size()];
        double[] discs = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            boolean lumbar = names.get(i).startsWith("L") || names.get(i).equals("S1");
            heights[i] = lumbar ? rng.uniform(25, 29) : rng.uniform(19, 24);
            discs[i] = lumbar ? rng.uniform(8, 11) : rng.uniform(4.5, 7);
        }
        // Lay the column out with L3's inferior boundary at 0, then shift so that mid-L3 = zMidL3.
        List<SpineSegment> list = new ArrayList<>();
        int l3 = names.indexOf("L3");
        double z = 0;
        for (int i = l3; i < names.size(); i++) {
            double top = i == names.size() - 1 ? Double.POSITIVE_INFINITY : z + heights[i];
            list.add(new SpineSegment(names.get(i), false, z, top));
            if (i < names.size() - 1) {
                list.add(new SpineSegment(names.get(i + 1) + "-" + names.get(i), true, top, top + discs[i]));
                z = top + discs[i];
            }
        }
        z = 0;
        for (int i = l3 - 1; i >= 0; i--) {
            double discTop = z;
            double discBottom = z - discs[i];
            list.add(new SpineSegment(names.get(i + 1) + "-" + names.get(i), true, discBottom, discTop));
            double bottom = i == 0 ? Double.NEGATIVE_INFINITY : discBottom - heights[i];
            list.add(new SpineSegment(names.get(i), false, bottom, discBottom));
            z = bottom;
        }
        double shift = zMidL3 - heights[l3] / 2;
        List<SpineSegment> shifted = new ArrayList<>();
        for (SpineSegment s : list) {
            shifted.add(new SpineSegment(s.name(), s.disc(), s.zInferior() + shift, s.zSuperior() + shift));
        }
        shifted.sort((p, q) -> Double.compare(p.zInferior(), q.zInferior()));
        this.segments = Collections.unmodifiableList(shifted);
    }

    /** All segments, inferior to superior. */
    public List<SpineSegment> segments() {
        return segments;
    }

    /** The segment at height {@code z}. */
    public SpineSegment at(double z) {
        for (SpineSegment s : segments) {
            if (s.contains(z)) {
                return s;
            }
        }
        throw new IllegalStateException("no segment at z=" + z);
    }

    /** The named segment ("L3", "T12-L1", …). */
    public SpineSegment get(String name) {
        for (SpineSegment s : segments) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no segment " + name);
    }
}
