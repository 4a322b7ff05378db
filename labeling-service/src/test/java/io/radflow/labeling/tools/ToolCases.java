package io.radflow.labeling.tools;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.Tissue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Cases for the tools from the synthetic studies of {@code test-studies}, read from their DICOM
 * files, with the generator's exact label maps as truth.
 */
final class ToolCases {
    /** Slices generated around mid-L3 (only the L3 slice is read). */
    static final int ABDOMEN_SLICES = 6;
    /** Slices of the chest CTs. */
    static final int CHEST_SLICES = 8;
    /** Lesions of the chest CTs. */
    static final int CHEST_LESIONS = 3;
    /** Pixels added on every side of a lesion's bounding box for GrabCut. */
    static final int LESION_BOX_MARGIN = 5;

    private ToolCases() {}

    /**
     * The mid-L3 slice of an abdominal CT.
     *
     * @param seed the study's seed
     * @param frame the slice in HU
     * @param labels the generator's label byte per pixel
     * @param muscle the truth's skeletal muscle mask (abdominal wall, psoas and paraspinal)
     * @param sample the largest square fully inside one paraspinal or psoas muscle
     * @param truth the written study
     * @param slice the L3 slice's index
     */
    record MuscleCase(
            long seed, HuFrame frame, byte[] labels, byte[] muscle, Rect sample, GroundTruth truth, int slice) {}

    /**
     * One ground-glass lesion on the slice where it is largest.
     *
     * @param seed the study's seed
     * @param slice the slice index
     * @param frame the slice in HU
     * @param lesion the truth: the lesion's connected component of ground-glass pixels
     * @param box its bounding box plus {@link #LESION_BOX_MARGIN}
     * @param truth the written study
     */
    record LesionCase(long seed, int slice, HuFrame frame, byte[] lesion, Rect box, GroundTruth truth) {}

    static MuscleCase l3(long seed, Path dir) throws IOException, PixelDataException {
        GroundTruth truth = TestStudies.abdominalCt(seed, ABDOMEN_SLICES).writeTo(dir.resolve("abdomen-" + seed));
        int l3 = truth.primaryCt().l3SliceIndex();
        HuFrame frame = read(truth.file(l3));
        byte[] labels = truth.study().ctStudy().primary().labels(l3);
        byte[] muscle = new byte[labels.length];
        byte[] sampleTissue = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Tissue t = Tissue.ofLabel(labels[i]);
            muscle[i] = (byte) (t.isSkeletalMuscle() ? 1 : 0);
            sampleTissue[i] = (byte) (t == Tissue.PARASPINAL_MUSCLE || t == Tissue.PSOAS ? 1 : 0);
        }
        return new MuscleCase(
                seed, frame, labels, muscle, largestSquare(sampleTissue, frame.rows(), frame.columns()), truth, l3);
    }

    static LesionCase lesion(long seed, Path dir) throws IOException, PixelDataException {
        GroundTruth truth =
                TestStudies.chestCt(seed, CHEST_SLICES, CHEST_LESIONS).writeTo(dir.resolve("chest-" + seed));
        CtGroundTruth.LesionSlice best = null;
        for (CtGroundTruth.LesionTruth l : truth.primaryCt().lesions()) {
            for (CtGroundTruth.LesionSlice s : l.slices()) {
                if (best == null || s.pixels() > best.pixels()) {
                    best = s;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("seed " + seed + ": no lesion in the slices");
        }
        HuFrame frame = read(truth.file(best.index()));
        byte[] labels = truth.study().ctStudy().primary().labels(best.index());
        byte[] glass = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            glass[i] = (byte) (labels[i] == Tissue.GROUND_GLASS.label ? 1 : 0);
        }
        int columns = frame.columns();
        int seedPixel = -1;
        for (int r = best.rowMin(); r <= best.rowMax() && seedPixel < 0; r++) {
            for (int c = best.columnMin(); c <= best.columnMax(); c++) {
                if (glass[r * columns + c] != 0) {
                    seedPixel = r * columns + c;
                    break;
                }
            }
        }
        byte[] lesion = component(glass, frame.rows(), columns, seedPixel);
        int[] b = boundingBox(lesion, frame.rows(), columns);
        int x0 = Math.max(0, b[1] - LESION_BOX_MARGIN);
        int y0 = Math.max(0, b[0] - LESION_BOX_MARGIN);
        int x1 = Math.min(columns - 1, b[3] + LESION_BOX_MARGIN);
        int y1 = Math.min(frame.rows() - 1, b[2] + LESION_BOX_MARGIN);
        return new LesionCase(seed, best.index(), frame, lesion, new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1), truth);
    }

    static HuFrame read(Path file) throws IOException, PixelDataException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes ds = in.readDataset();
            return HuFrame.of(ds, PixelData.of(ds, in.getTransferSyntax()), 0);
        }
    }

    /** 2 |A ∩ B| / (|A| + |B|) of two masks (non-zero = inside). */
    static double dice(byte[] a, byte[] b) {
        long both = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] != 0;
            boolean y = b[i] != 0;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
    }

    /** Number of non-zero pixels. */
    static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }

    /** The largest axis-aligned square of non-zero pixels. */
    static Rect largestSquare(byte[] mask, int rows, int columns) {
        int[] prev = new int[columns];
        int[] cur = new int[columns];
        int bestSize = 0;
        int bestRow = 0;
        int bestColumn = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (mask[r * columns + c] == 0) {
                    cur[c] = 0;
                } else {
                    cur[c] = r == 0 || c == 0 ? 1 : 1 + Math.min(prev[c], Math.min(prev[c - 1], cur[c - 1]));
                }
                if (cur[c] > bestSize) {
                    bestSize = cur[c];
                    bestRow = r;
                    bestColumn = c;
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        if (bestSize == 0) {
            throw new IllegalArgumentException("empty mask");
        }
        return new Rect(bestColumn - bestSize + 1, bestRow - bestSize + 1, bestSize, bestSize);
    }

    /** The 8-connected component of non-zero pixels holding pixel {@code start}. */
    static byte[] component(byte[] mask, int rows, int columns, int start) {
        byte[] out = new byte[mask.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        out[start] = 1;
        queue.add(start);
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int r = p / columns;
            int c = p % columns;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr;
                    int cc = c + dc;
                    if (rr >= 0 && rr < rows && cc >= 0 && cc < columns) {
                        int q = rr * columns + cc;
                        if (mask[q] != 0 && out[q] == 0) {
                            out[q] = 1;
                            queue.add(q);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {rowMin, columnMin, rowMax, columnMax} of the non-zero pixels. */
    static int[] boundingBox(byte[] mask, int rows, int columns) {
        int[] b = {rows, columns, -1, -1};
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                int r = i / columns;
                int c = i % columns;
                b[0] = Math.min(b[0], r);
                b[1] = Math.min(b[1], c);
                b[2] = Math.max(b[2], r);
                b[3] = Math.max(b[3], c);
            }
        }
        return b;
    }
}
