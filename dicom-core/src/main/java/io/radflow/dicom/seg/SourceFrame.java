package io.radflow.dicom.seg;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One frame of a source image that a segmentation refers to: a single-frame image (a CT slice, a
 * radiograph) or one frame of a multi-frame image, with its geometry where the image has one.
 *
 * @param sopClassUid the image's SOP Class UID
 * @param sopInstanceUid the image's SOP Instance UID
 * @param frameNumber the frame number (1-based) in a multi-frame image, 0 for a single-frame image
 * @param rows Rows
 * @param columns Columns
 * @param frameOfReferenceUid FrameOfReferenceUID, or null
 * @param position ImagePositionPatient of the frame, or null
 * @param orientation ImageOrientationPatient (6 values), or null
 * @param pixelSpacing PixelSpacing (row spacing, column spacing), or null
 * @param sliceThickness SliceThickness, or NaN
 */
public record SourceFrame(
        String sopClassUid,
        String sopInstanceUid,
        int frameNumber,
        int rows,
        int columns,
        String frameOfReferenceUid,
        double[] position,
        double[] orientation,
        double[] pixelSpacing,
        double sliceThickness) {

    /** Whether the frame has a position and orientation in a frame of reference. */
    public boolean hasGeometry() {
        return position != null && orientation != null && frameOfReferenceUid != null;
    }

    /** The unit normal of the image plane (row direction × column direction), or null. */
    public double[] normal() {
        if (orientation == null) {
            return null;
        }
        double[] r = Arrays.copyOfRange(orientation, 0, 3);
        double[] c = Arrays.copyOfRange(orientation, 3, 6);
        double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        return len == 0 ? null : new double[] {n[0] / len, n[1] / len, n[2] / len};
    }

    /** The position's distance along {@code normal}. */
    public double distanceAlong(double[] normal) {
        return position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
    }

    /**
     * The frames of a source image: one for a single-frame image; one per frame of a multi-frame
     * image, each with the geometry of its per-frame (or shared) functional groups.
     */
    public static List<SourceFrame> of(Attributes image) throws SegmentationException {
        String cls = require(image, Tag.SOPClassUID, "SOPClassUID");
        String iuid = require(image, Tag.SOPInstanceUID, "SOPInstanceUID");
        int rows = image.getInt(Tag.Rows, 0);
        int cols = image.getInt(Tag.Columns, 0);
        if (rows <= 0 || cols <= 0) {
            throw new SegmentationException("source image " + iuid + " has no Rows/Columns");
        }
        String forUid = image.getString(Tag.FrameOfReferenceUID);
        int frames = image.getInt(Tag.NumberOfFrames, 1);
        Attributes shared = image.getNestedDataset(Tag.SharedFunctionalGroupsSequence);
        var perFrame = image.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        if (frames <= 1 && perFrame == null) {
            return List.of(new SourceFrame(
                    cls,
                    iuid,
                    0,
                    rows,
                    cols,
                    forUid,
                    image.getDoubles(Tag.ImagePositionPatient),
                    image.getDoubles(Tag.ImageOrientationPatient),
                    image.getDoubles(Tag.PixelSpacing),
                    image.getDouble(Tag.SliceThickness, Double.NaN)));
        }
        if (perFrame != null && perFrame.size() != frames) {
            throw new SegmentationException("source image " + iuid + ": " + perFrame.size()
                    + " per-frame functional group items for " + frames + " frames");
        }
        List<SourceFrame> list = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            Attributes pf = perFrame == null ? null : perFrame.get(f);
            double[] pos = group(pf, shared, Tag.PlanePositionSequence, Tag.ImagePositionPatient);
            double[] ori = group(pf, shared, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient);
            double[] spacing = group(pf, shared, Tag.PixelMeasuresSequence, Tag.PixelSpacing);
            double[] thick = group(pf, shared, Tag.PixelMeasuresSequence, Tag.SliceThickness);
            list.add(new SourceFrame(
                    cls, iuid, f + 1, rows, cols, forUid, pos, ori, spacing, thick == null ? Double.NaN : thick[0]));
        }
        return list;
    }

    /** The frames of several source images, in the order given. */
    public static List<SourceFrame> of(List<Attributes> images) throws SegmentationException {
        List<SourceFrame> list = new ArrayList<>();
        for (Attributes image : images) {
            list.addAll(of(image));
        }
        return list;
    }

    /**
     * The frames sorted by position along the normal of their orientation (a CT stack's order, not
     * the instance number's); frames without geometry keep their order and come after.
     */
    public static List<SourceFrame> sortedByPosition(List<SourceFrame> frames) {
        double[] normal = frames.stream()
                .filter(SourceFrame::hasGeometry)
                .map(SourceFrame::normal)
                .findFirst()
                .orElse(null);
        if (normal == null) {
            return List.copyOf(frames);
        }
        List<SourceFrame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingDouble(f -> f.hasGeometry() ? f.distanceAlong(normal) : Double.MAX_VALUE));
        return sorted;
    }

    private static double[] group(Attributes perFrame, Attributes shared, int seqTag, int tag) {
        for (Attributes groups : new Attributes[] {perFrame, shared}) {
            Attributes item = groups == null ? null : groups.getNestedDataset(seqTag);
            if (item != null && item.containsValue(tag)) {
                return item.getDoubles(tag);
            }
        }
        return null;
    }

    private static String require(Attributes ds, int tag, String keyword) throws SegmentationException {
        String v = ds.getString(tag);
        if (v == null || v.isEmpty()) {
            throw new SegmentationException("source image without " + keyword);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceFrame f && sopInstanceUid.equals(f.sopInstanceUid) && frameNumber == f.frameNumber;
    }

    @Override
    public int hashCode() {
        return sopInstanceUid.hashCode() * 31 + frameNumber;
    }

    @Override
    public String toString() {
        return sopInstanceUid + (frameNumber > 0 ? " frame " + frameNumber : "");
    }
}
