package io.radflow.dicom.seg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Segmentation as read by {@link SegmentationReader}: its segments and its frames, each frame a
 * segment's mask on one source frame.
 *
 * @param sopInstanceUid the SEG's SOP Instance UID
 * @param seriesInstanceUid the SEG's series
 * @param referencedSeriesUid the source series (first item of Referenced Series Sequence), or null
 * @param frameOfReferenceUid the SEG's frame of reference, or null
 * @param orientation the shared or first frame's Image Orientation (Patient), or null
 * @param rows Rows
 * @param columns Columns
 * @param segments the segments, by segment sequence order
 * @param frames the frames, in pixel data order
 */
public record Segmentation(
        String sopInstanceUid,
        String seriesInstanceUid,
        String referencedSeriesUid,
        String frameOfReferenceUid,
        double[] orientation,
        int rows,
        int columns,
        List<Segment> segments,
        List<Frame> frames) {

    /** The source frame a SEG frame names: SOP Instance UID and frame number (0 when none given). */
    public record SourceRef(String sopInstanceUid, int frameNumber) {}

    /**
     * One frame. Its mask is unpacked from the SEG's pixel data when asked for (a 300-slice SEG with
     * four segments is 39 MB bit-packed, 314 MB as byte masks): callers that need a few frames pay for
     * those only.
     */
    public static final class Frame {
        private final int segmentNumber;
        private final List<SourceRef> sources;
        private final double[] position;
        private final java.util.function.Supplier<byte[]> mask;

        /**
         * @param segmentNumber Referenced Segment Number
         * @param sources its per-frame source images (may be empty)
         * @param position Image Position (Patient), or null
         * @param mask unpacks the mask: Rows × Columns, 1 inside, 0 outside, a new array each call
         */
        public Frame(
                int segmentNumber,
                List<SourceRef> sources,
                double[] position,
                java.util.function.Supplier<byte[]> mask) {
            this.segmentNumber = segmentNumber;
            this.sources = sources;
            this.position = position;
            this.mask = mask;
        }

        public int segmentNumber() {
            return segmentNumber;
        }

        public List<SourceRef> sources() {
            return sources;
        }

        public double[] position() {
            return position;
        }

        /** The mask (Rows × Columns, 1 inside, 0 outside), unpacked now: a new array each call. */
        public byte[] mask() {
            return mask.get();
        }
    }

    /** The segment with that number, or null. */
    public Segment segment(int number) {
        return segments.stream().filter(s -> s.number() == number).findFirst().orElse(null);
    }

    /**
     * The masks aligned to the source frames: for each segment number, one mask per source frame in
     * the order given (null where the segment has no pixel). Each SEG frame is matched by its
     * per-frame source image reference, else by geometry (same frame of reference and orientation,
     * position within {@value #POSITION_TOLERANCE_MM} mm).
     *
     * @throws SegmentationException when a frame matches no source frame, or sizes or geometry differ
     */
    public Map<Integer, List<byte[]>> masksFor(List<SourceFrame> sources) throws SegmentationException {
        return masksFor(sources, i -> true);
    }

    /**
     * As {@link #masksFor(List)}, but only the masks of the source frames {@code wanted} accepts (by
     * index in {@code sources}) are unpacked; the others stay null. Every frame is still matched to a
     * source frame (a SEG that does not fit the series is refused all the same).
     */
    public Map<Integer, List<byte[]>> masksFor(List<SourceFrame> sources, java.util.function.IntPredicate wanted)
            throws SegmentationException {
        Map<SourceRef, Integer> byRef = new HashMap<>();
        Map<String, Integer> framesOfInstance = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            SourceFrame s = sources.get(i);
            if (s.rows() != rows || s.columns() != columns) {
                throw new SegmentationException("source frame " + s + " is " + s.rows() + "x" + s.columns()
                        + ", the segmentation " + rows + "x" + columns);
            }
            byRef.put(new SourceRef(s.sopInstanceUid(), s.frameNumber()), i);
            framesOfInstance.merge(s.sopInstanceUid(), 1, Integer::sum);
        }
        Map<Integer, List<byte[]>> masks = new LinkedHashMap<>();
        for (Segment s : segments) {
            List<byte[]> list = new ArrayList<>(sources.size());
            for (int i = 0; i < sources.size(); i++) {
                list.add(null);
            }
            masks.put(s.number(), list);
        }
        for (int f = 0; f < frames.size(); f++) {
            Frame frame = frames.get(f);
            List<byte[]> list = masks.get(frame.segmentNumber());
            if (list == null) {
                throw new SegmentationException(
                        "frame " + (f + 1) + " names segment " + frame.segmentNumber() + ", which is not defined");
            }
            int index = match(f, frame, sources, byRef, framesOfInstance);
            if (!wanted.test(index)) {
                continue;
            }
            byte[] existing = list.get(index);
            byte[] mask = frame.mask();
            if (existing == null) {
                list.set(index, mask);
            } else {
                for (int p = 0; p < existing.length; p++) {
                    existing[p] |= mask[p];
                }
            }
        }
        return masks;
    }

    /** Tolerance for matching a frame to a source frame by position. */
    public static final double POSITION_TOLERANCE_MM = 0.05;

    private int match(
            int f,
            Frame frame,
            List<SourceFrame> sources,
            Map<SourceRef, Integer> byRef,
            Map<String, Integer> framesOfInstance)
            throws SegmentationException {
        if (!frame.sources().isEmpty()) {
            for (SourceRef ref : frame.sources()) {
                Integer i = byRef.get(ref);
                if (i == null
                        && ref.frameNumber() == 0
                        && framesOfInstance.getOrDefault(ref.sopInstanceUid(), 0) == 1) {
                    i = byRef.get(new SourceRef(ref.sopInstanceUid(), 1));
                }
                if (i == null && ref.frameNumber() == 1) {
                    i = byRef.get(new SourceRef(ref.sopInstanceUid(), 0));
                }
                if (i != null) {
                    return i;
                }
            }
            throw new SegmentationException("frame " + (f + 1) + " references " + frame.sources()
                    + ", which is not among the " + sources.size() + " source frames");
        }
        if (frame.position() == null || orientation == null || frameOfReferenceUid == null) {
            throw new SegmentationException("frame " + (f + 1)
                    + " has neither a source image reference nor a position, orientation and frame of reference");
        }
        for (int i = 0; i < sources.size(); i++) {
            SourceFrame s = sources.get(i);
            if (!s.hasGeometry() || !frameOfReferenceUid.equals(s.frameOfReferenceUid())) {
                continue;
            }
            if (close(s.orientation(), orientation, 1e-3)
                    && close(s.position(), frame.position(), POSITION_TOLERANCE_MM)) {
                return i;
            }
        }
        throw new SegmentationException("frame " + (f + 1) + " at position "
                + java.util.Arrays.toString(frame.position()) + " matches no source frame of frame of reference "
                + frameOfReferenceUid + " and the same orientation");
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
