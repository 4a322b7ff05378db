package io.radflow.quantification.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures body composition on axial slices: per tissue the pixel count, area (cm²), mean and SD of
 * HU. Skeletal muscle counts pixels inside the muscle label within the muscle HU range; subcutaneous
 * and visceral fat count pixels inside their labels within the adipose range; intermuscular fat
 * counts pixels inside the muscle label (the muscle compartment) within the adipose range. A pixel
 * in several labels counts for each; a muscle-label pixel in both ranges (configured to overlap)
 * counts as muscle. Thread-safe.
 */
public final class SliceMeasurer {
    private final Thresholds thresholds;

    /** A measurer with the given HU ranges. */
    public SliceMeasurer(Thresholds thresholds) {
        if (thresholds == null) {
            throw new IllegalArgumentException("thresholds missing");
        }
        this.thresholds = thresholds;
    }

    /** A measurer with the Alberta protocol's ranges. */
    public SliceMeasurer() {
        this(Thresholds.ALBERTA);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** A slice and its masks, for {@link #measureSlab}. */
    public record MaskedSlice(AxialSlice slice, TissueMasks masks) {}

    /**
     * Measures one slice.
     *
     * @throws IllegalArgumentException when a mask's length differs from the slice's pixel count
     */
    public SliceMeasurement measure(AxialSlice slice, TissueMasks masks) {
        checkSizes(slice, masks);
        float[] hu = slice.hu();
        double muscleMin = thresholds.muscleMinHu();
        double muscleMax = thresholds.muscleMaxHu();
        double fatMin = thresholds.adiposeMinHu();
        double fatMax = thresholds.adiposeMaxHu();
        int nt = BodyTissue.values().length;
        long[] n = new long[nt];
        double[] sum = new double[nt];
        double[] sumSq = new double[nt];
        boolean[] muscle = masks.muscle();
        boolean[] sat = masks.subcutaneousFat();
        boolean[] vat = masks.visceralFat();
        // one pass over the pixels; absent labels read as an all-false mask
        boolean[] none = muscle == null || sat == null || vat == null ? new boolean[hu.length] : null;
        if (muscle == null) {
            muscle = none;
        }
        if (sat == null) {
            sat = none;
        }
        if (vat == null) {
            vat = none;
        }
        long nSm = 0, nImat = 0, nSat = 0, nVat = 0;
        double sSm = 0, sImat = 0, sSat = 0, sVat = 0;
        double qSm = 0, qImat = 0, qSat = 0, qVat = 0;
        for (int i = 0; i < hu.length; i++) {
            boolean m = muscle[i];
            boolean f1 = sat[i];
            boolean f2 = vat[i];
            if (!(m | f1 | f2)) {
                continue;
            }
            double v = hu[i];
            boolean fat = v >= fatMin && v <= fatMax;
            if (m) {
                if (v >= muscleMin && v <= muscleMax) {
                    nSm++;
                    sSm += v;
                    qSm += v * v;
                } else if (fat) {
                    nImat++;
                    sImat += v;
                    qImat += v * v;
                }
            }
            if (fat) {
                if (f1) {
                    nSat++;
                    sSat += v;
                    qSat += v * v;
                }
                if (f2) {
                    nVat++;
                    sVat += v;
                    qVat += v * v;
                }
            }
        }
        int sm = BodyTissue.SKELETAL_MUSCLE.ordinal();
        int imat = BodyTissue.INTERMUSCULAR_FAT.ordinal();
        int kSat = BodyTissue.SUBCUTANEOUS_FAT.ordinal();
        int kVat = BodyTissue.VISCERAL_FAT.ordinal();
        n[sm] = nSm;
        sum[sm] = sSm;
        sumSq[sm] = qSm;
        n[imat] = nImat;
        sum[imat] = sImat;
        sumSq[imat] = qImat;
        n[kSat] = nSat;
        sum[kSat] = sSat;
        sumSq[kSat] = qSat;
        n[kVat] = nVat;
        sum[kVat] = sVat;
        sumSq[kVat] = qVat;
        double px = slice.pixelAreaCm2();
        List<TissueMeasurement> out = new ArrayList<>(nt);
        for (BodyTissue t : BodyTissue.values()) {
            int k = t.ordinal();
            out.add(TissueMeasurement.of(t, n[k], sum[k], sumSq[k], px));
        }
        return new SliceMeasurement(1, out);
    }

    /**
     * Measures several slices (a slab around L3) and averages per slice: pixel count, area, mean HU and
     * SD are each the mean of the slices' values (slices where a tissue has no pixels count with zero
     * area and are left out of its HU means).
     *
     * @throws IllegalArgumentException when the list is empty or a mask does not fit its slice
     */
    public SliceMeasurement measureSlab(List<MaskedSlice> slices) {
        if (slices == null || slices.isEmpty()) {
            throw new IllegalArgumentException("a slab needs at least one slice");
        }
        List<SliceMeasurement> each = new ArrayList<>(slices.size());
        for (MaskedSlice s : slices) {
            each.add(measure(s.slice(), s.masks()));
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        int k = each.size();
        List<TissueMeasurement> out = new ArrayList<>();
        for (BodyTissue t : BodyTissue.values()) {
            double pixels = 0;
            double area = 0;
            double mean = 0;
            double sd = 0;
            int withPixels = 0;
            for (SliceMeasurement m : each) {
                TissueMeasurement tm = m.tissue(t);
                pixels += tm.pixels();
                area += tm.areaCm2();
                if (tm.meanHu() != null) {
                    mean += tm.meanHu();
                    sd += tm.sdHu();
                    withPixels++;
                }
            }
            out.add(new TissueMeasurement(
                    t,
                    t.displayName(),
                    pixels / k,
                    area / k,
                    withPixels == 0 ? null : mean / withPixels,
                    withPixels == 0 ? null : sd / withPixels));
        }
        return new SliceMeasurement(k, out);
    }

    /**
     * The tissue of each pixel as the picture shows it: 0 none, else {@link BodyTissue#ordinal()} + 1;
     * where labels overlap, muscle and intermuscular fat win over visceral over subcutaneous fat.
     */
    public byte[] classify(AxialSlice slice, TissueMasks masks) {
        checkSizes(slice, masks);
        float[] hu = slice.hu();
        byte[] out = new byte[hu.length];
        paintFat(out, hu, masks.subcutaneousFat(), BodyTissue.SUBCUTANEOUS_FAT);
        paintFat(out, hu, masks.visceralFat(), BodyTissue.VISCERAL_FAT);
        boolean[] muscle = masks.muscle();
        if (muscle != null) {
            byte sm = (byte) (BodyTissue.SKELETAL_MUSCLE.ordinal() + 1);
            byte imat = (byte) (BodyTissue.INTERMUSCULAR_FAT.ordinal() + 1);
            for (int i = 0; i < hu.length; i++) {
                if (muscle[i]) {
                    if (thresholds.isMuscle(hu[i])) {
                        out[i] = sm;
                    } else if (thresholds.isAdipose(hu[i])) {
                        out[i] = imat;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The pixels {@link #measure} counts for each tissue, row by row (1 inside, 0 outside): muscle and
     * intermuscular fat in the muscle label within their ranges, subcutaneous and visceral fat in their
     * labels within the adipose range (overlaps as {@code measure} counts them). Every tissue is present;
     * an absent label gives an empty mask.
     */
    public java.util.Map<BodyTissue, byte[]> pixels(AxialSlice slice, TissueMasks masks) {
        checkSizes(slice, masks);
        float[] hu = slice.hu();
        java.util.Map<BodyTissue, byte[]> out = new java.util.EnumMap<>(BodyTissue.class);
        for (BodyTissue t : BodyTissue.values()) {
            out.put(t, new byte[hu.length]);
        }
        byte[] sm = out.get(BodyTissue.SKELETAL_MUSCLE);
        byte[] imat = out.get(BodyTissue.INTERMUSCULAR_FAT);
        byte[] sat = out.get(BodyTissue.SUBCUTANEOUS_FAT);
        byte[] vat = out.get(BodyTissue.VISCERAL_FAT);
        boolean[] muscle = masks.muscle();
        boolean[] s = masks.subcutaneousFat();
        boolean[] v = masks.visceralFat();
        for (int i = 0; i < hu.length; i++) {
            boolean fat = thresholds.isAdipose(hu[i]);
            if (muscle != null && muscle[i]) {
                if (thresholds.isMuscle(hu[i])) {
                    sm[i] = 1;
                } else if (fat) {
                    imat[i] = 1;
                }
            }
            if (fat && s != null && s[i]) {
                sat[i] = 1;
            }
            if (fat && v != null && v[i]) {
                vat[i] = 1;
            }
        }
        return out;
    }

    private void paintFat(byte[] out, float[] hu, boolean[] mask, BodyTissue t) {
        if (mask == null) {
            return;
        }
        byte v = (byte) (t.ordinal() + 1);
        for (int i = 0; i < hu.length; i++) {
            if (mask[i] && thresholds.isAdipose(hu[i])) {
                out[i] = v;
            }
        }
    }

    private static void checkSizes(AxialSlice slice, TissueMasks masks) {
        if (slice == null) {
            throw new IllegalArgumentException("slice missing");
        }
        if (masks == null) {
            throw new IllegalArgumentException("masks missing");
        }
        check("skeletal muscle", masks.muscle(), slice);
        check("subcutaneous fat", masks.subcutaneousFat(), slice);
        check("visceral fat", masks.visceralFat(), slice);
    }

    private static void check(String what, boolean[] mask, AxialSlice slice) {
        if (mask != null && mask.length != slice.hu().length) {
            throw new IllegalArgumentException(what + " mask has " + mask.length + " pixels, the slice "
                    + slice.rows() + " x " + slice.columns() + " = " + slice.hu().length
                    + ": the labels do not match the image's geometry");
        }
    }
}
