package io.radflow.dicom.seg;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.iod.DerivedInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a BINARY Segmentation (SOP Class 1.2.840.10008.5.1.4.1.1.66.4, PS3.3 A.51): one 1-bit frame
 * per segment per source frame that has a pixel of that segment, in segment order and, within a
 * segment, in the order of the source frames along the normal of their plane. Each frame names its
 * source image (and source frame) in Derivation Image Sequence, its segment, its position and its
 * dimension index values; orientation and pixel spacing are shared.
 *
 * <p>Masks are given per source frame, in the order of {@link #sourceFrames()} (the images' order,
 * frames expanded): a {@code byte[]} of Rows × Columns where non-zero is inside, or null for none.
 */
public final class SegmentationWriter {
    private static final Code PURPOSE_SOURCE = Codes.SOURCE_IMAGE_FOR_IMAGE_PROCESSING;
    private static final Code DERIVATION_SEGMENTATION = Codes.SEGMENTATION;

    private final List<Attributes> images;
    private final List<SourceFrame> frames;
    private final Map<Integer, Integer> rankBySource = new HashMap<>();
    private final Map<Segment, List<byte[]>> segments = new LinkedHashMap<>();
    private String contentLabel = "SEGMENTATION";
    private String contentDescription;
    private String contentCreator;

    /**
     * @param sourceImages the source images' data sets (pixel data not needed), all of one series
     *     with the same Rows and Columns
     */
    public SegmentationWriter(List<Attributes> sourceImages) throws SegmentationException {
        if (sourceImages.isEmpty()) {
            throw new SegmentationException("no source images");
        }
        this.images = List.copyOf(sourceImages);
        this.frames = SourceFrame.of(images);
        SourceFrame first = frames.get(0);
        String series = images.get(0).getString(Tag.SeriesInstanceUID);
        for (Attributes image : images) {
            if (!java.util.Objects.equals(series, image.getString(Tag.SeriesInstanceUID))) {
                throw new SegmentationException("source images of more than one series");
            }
        }
        for (SourceFrame f : frames) {
            if (f.rows() != first.rows() || f.columns() != first.columns()) {
                throw new SegmentationException("source frames of different sizes: " + f + " is " + f.rows() + "x"
                        + f.columns() + ", " + first + " is " + first.rows() + "x" + first.columns());
            }
            if (f.hasGeometry() != first.hasGeometry()
                    || (f.hasGeometry() && !f.frameOfReferenceUid().equals(first.frameOfReferenceUid()))) {
                throw new SegmentationException("source frames of different frames of reference: " + f);
            }
        }
        if (!first.hasGeometry() && frames.size() > 1) {
            throw new SegmentationException(
                    "source frames without ImagePositionPatient/ImageOrientationPatient/FrameOfReferenceUID:"
                            + " only a single-frame source (a radiograph) can be segmented without geometry");
        }
        List<SourceFrame> sorted = SourceFrame.sortedByPosition(frames);
        for (int i = 0; i < frames.size(); i++) {
            rankBySource.put(i, sorted.indexOf(frames.get(i)) + 1);
        }
    }

    /** The source frames, in the order masks are given. */
    public List<SourceFrame> sourceFrames() {
        return frames;
    }

    /** Content Label (CS: upper case, digits, space, underscore; at most 16) and description. */
    public SegmentationWriter content(String label, String description, String creatorName) {
        if (!label.matches("[A-Z0-9_ ]{1,16}")) {
            throw new IllegalArgumentException("content label must be 1-16 of A-Z, 0-9, space, underscore: " + label);
        }
        this.contentLabel = label;
        this.contentDescription = description;
        this.contentCreator = creatorName;
        return this;
    }

    /**
     * Adds a segment with its masks.
     *
     * @param masks one per source frame (see {@link #sourceFrames()}); null or all-zero for none
     */
    public SegmentationWriter add(Segment segment, List<byte[]> masks) {
        if (masks.size() != frames.size()) {
            throw new IllegalArgumentException(
                    "segment " + segment.number() + ": " + masks.size() + " masks for " + frames.size() + " frames");
        }
        int pixels = frames.get(0).rows() * frames.get(0).columns();
        for (byte[] m : masks) {
            if (m != null && m.length != pixels) {
                throw new IllegalArgumentException("segment " + segment.number() + ": mask of " + m.length
                        + " pixels, source frames have " + pixels);
            }
        }
        int expected = segments.size() + 1;
        if (segment.number() != expected) {
            throw new IllegalArgumentException(
                    "segment numbers must run 1..n in order; got " + segment.number() + ", expected " + expected);
        }
        segments.put(segment, new ArrayList<>(masks));
        return this;
    }

    /**
     * The Segmentation data set.
     *
     * @param instance series, equipment and content time of the new instance
     * @throws SegmentationException when no segment has a pixel
     */
    public Attributes write(DerivedInstance instance) throws SegmentationException {
        if (segments.isEmpty()) {
            throw new SegmentationException("no segments");
        }
        SourceFrame first = frames.get(0);
        int rows = first.rows();
        int cols = first.columns();
        List<int[]> out = new ArrayList<>(); // {segment number, source frame index}
        List<SourceFrame> sorted = SourceFrame.sortedByPosition(frames);
        for (var e : segments.entrySet()) {
            for (SourceFrame f : sorted) {
                int idx = frames.indexOf(f);
                byte[] m = e.getValue().get(idx);
                if (m != null && nonEmpty(m)) {
                    out.add(new int[] {e.getKey().number(), idx});
                }
            }
        }
        if (out.isEmpty()) {
            throw new SegmentationException("every mask is empty: nothing to write");
        }
        Attributes ds = instance.create(images.get(0), UID.SegmentationStorage, "SEG");
        boolean geometry = first.hasGeometry();
        if (geometry) {
            ds.setString(Tag.FrameOfReferenceUID, VR.UI, first.frameOfReferenceUid());
            ds.setNull(Tag.PositionReferenceIndicator, VR.LO);
        }
        ds.setString(Tag.ImageType, VR.CS, "DERIVED", "PRIMARY");
        ds.setString(Tag.ContentLabel, VR.CS, contentLabel);
        if (contentDescription != null) {
            ds.setString(Tag.ContentDescription, VR.LO, contentDescription);
        }
        if (contentCreator != null) {
            ds.setString(Tag.ContentCreatorName, VR.PN, contentCreator);
        } else {
            ds.setNull(Tag.ContentCreatorName, VR.PN);
        }
        ds.setString(Tag.SegmentationType, VR.CS, "BINARY");
        ds.setString(Tag.SegmentsOverlap, VR.CS, overlap() ? "YES" : "NO");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, cols);
        ds.setInt(Tag.BitsAllocated, VR.US, 1);
        ds.setInt(Tag.BitsStored, VR.US, 1);
        ds.setInt(Tag.HighBit, VR.US, 0);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.LossyImageCompression, VR.CS, "00");
        ds.setInt(Tag.NumberOfFrames, VR.IS, out.size());
        writeSegments(ds);
        String dimensionUid = UID.createUID();
        writeDimensions(ds, dimensionUid, geometry);
        writeSharedGroups(ds, first, geometry);
        writePerFrameGroups(ds, out, geometry);
        writeReferences(ds);
        ds.setBytes(Tag.PixelData, VR.OB, pack(out, rows * cols));
        Code.declareRadflowScheme(ds);
        return ds;
    }

    private boolean overlap() {
        int pixels = frames.get(0).rows() * frames.get(0).columns();
        for (int f = 0; f < frames.size(); f++) {
            byte[] seen = new byte[pixels];
            for (List<byte[]> masks : segments.values()) {
                byte[] m = masks.get(f);
                if (m == null) {
                    continue;
                }
                for (int p = 0; p < pixels; p++) {
                    if (m[p] != 0) {
                        if (seen[p] != 0) {
                            return true;
                        }
                        seen[p] = 1;
                    }
                }
            }
        }
        return false;
    }

    private void writeSegments(Attributes ds) {
        Sequence seq = ds.newSequence(Tag.SegmentSequence, segments.size());
        for (Segment s : segments.keySet()) {
            Attributes item = new Attributes(12);
            item.setInt(Tag.SegmentNumber, VR.US, s.number());
            item.setString(Tag.SegmentLabel, VR.LO, s.label());
            if (s.description() != null) {
                item.setString(Tag.SegmentDescription, VR.ST, s.description());
            }
            item.setString(Tag.SegmentAlgorithmType, VR.CS, s.algorithmType().name());
            if (s.algorithmName() != null) {
                item.setString(Tag.SegmentAlgorithmName, VR.LO, s.algorithmName());
            }
            if (s.family() != null && s.algorithmName() != null && s.algorithmVersion() != null) {
                Attributes alg = new Attributes(3);
                s.family().setIn(alg, Tag.AlgorithmFamilyCodeSequence);
                alg.setString(Tag.AlgorithmName, VR.LO, s.algorithmName());
                alg.setString(Tag.AlgorithmVersion, VR.LO, s.algorithmVersion());
                item.newSequence(Tag.SegmentationAlgorithmIdentificationSequence, 1)
                        .add(alg);
            }
            s.category().setIn(item, Tag.SegmentedPropertyCategoryCodeSequence);
            s.type().setIn(item, Tag.SegmentedPropertyTypeCodeSequence);
            if (s.anatomicRegion() != null) {
                s.anatomicRegion().setIn(item, Tag.AnatomicRegionSequence);
            }
            if (s.rgb() != null) {
                item.setInt(
                        Tag.RecommendedDisplayCIELabValue, VR.US, CieLab.fromRgb(s.rgb()[0], s.rgb()[1], s.rgb()[2]));
            }
            seq.add(item);
        }
    }

    private static void writeDimensions(Attributes ds, String uid, boolean geometry) {
        Attributes org = new Attributes(1);
        org.setString(Tag.DimensionOrganizationUID, VR.UI, uid);
        ds.newSequence(Tag.DimensionOrganizationSequence, 1).add(org);
        ds.setString(Tag.DimensionOrganizationType, VR.CS, geometry ? "3D" : "2D");
        Sequence index = ds.newSequence(Tag.DimensionIndexSequence, 2);
        index.add(dimension(uid, Tag.ReferencedSegmentNumber, Tag.SegmentIdentificationSequence, "Segment Number"));
        if (geometry) {
            index.add(dimension(uid, Tag.ImagePositionPatient, Tag.PlanePositionSequence, "Image Position Patient"));
        }
    }

    private static Attributes dimension(String uid, int pointer, int group, String label) {
        Attributes d = new Attributes(4);
        d.setString(Tag.DimensionOrganizationUID, VR.UI, uid);
        d.setInt(Tag.DimensionIndexPointer, VR.AT, pointer);
        d.setInt(Tag.FunctionalGroupPointer, VR.AT, group);
        d.setString(Tag.DimensionDescriptionLabel, VR.LO, label);
        return d;
    }

    private static void writeSharedGroups(Attributes ds, SourceFrame first, boolean geometry) {
        Attributes shared = new Attributes(2);
        if (geometry) {
            Attributes ori = new Attributes(1);
            ori.setDouble(Tag.ImageOrientationPatient, VR.DS, first.orientation());
            shared.newSequence(Tag.PlaneOrientationSequence, 1).add(ori);
        }
        if (first.pixelSpacing() != null) {
            Attributes px = new Attributes(2);
            px.setDouble(Tag.PixelSpacing, VR.DS, first.pixelSpacing());
            if (!Double.isNaN(first.sliceThickness())) {
                px.setDouble(Tag.SliceThickness, VR.DS, first.sliceThickness());
            }
            shared.newSequence(Tag.PixelMeasuresSequence, 1).add(px);
        }
        ds.newSequence(Tag.SharedFunctionalGroupsSequence, 1).add(shared);
    }

    private void writePerFrameGroups(Attributes ds, List<int[]> out, boolean geometry) {
        Sequence perFrame = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence, out.size());
        for (int[] o : out) {
            SourceFrame src = frames.get(o[1]);
            Attributes fg = new Attributes(4);
            Attributes derivation = new Attributes(2);
            DERIVATION_SEGMENTATION.setIn(derivation, Tag.DerivationCodeSequence);
            Attributes source = new Attributes(4);
            source.setString(Tag.ReferencedSOPClassUID, VR.UI, src.sopClassUid());
            source.setString(Tag.ReferencedSOPInstanceUID, VR.UI, src.sopInstanceUid());
            if (src.frameNumber() > 0) {
                source.setInt(Tag.ReferencedFrameNumber, VR.IS, src.frameNumber());
            }
            PURPOSE_SOURCE.setIn(source, Tag.PurposeOfReferenceCodeSequence);
            derivation.newSequence(Tag.SourceImageSequence, 1).add(source);
            fg.newSequence(Tag.DerivationImageSequence, 1).add(derivation);
            Attributes content = new Attributes(1);
            content.setInt(
                    Tag.DimensionIndexValues,
                    VR.UL,
                    geometry ? new int[] {o[0], rankBySource.get(o[1])} : new int[] {o[0]});
            fg.newSequence(Tag.FrameContentSequence, 1).add(content);
            if (geometry) {
                Attributes pos = new Attributes(1);
                pos.setDouble(Tag.ImagePositionPatient, VR.DS, src.position());
                fg.newSequence(Tag.PlanePositionSequence, 1).add(pos);
            }
            Attributes segId = new Attributes(1);
            segId.setInt(Tag.ReferencedSegmentNumber, VR.US, o[0]);
            fg.newSequence(Tag.SegmentIdentificationSequence, 1).add(segId);
            perFrame.add(fg);
        }
    }

    private void writeReferences(Attributes ds) {
        Map<String, List<Attributes>> bySeries = new LinkedHashMap<>();
        for (Attributes image : images) {
            Attributes ref = new Attributes(2);
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, image.getString(Tag.SOPClassUID));
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, image.getString(Tag.SOPInstanceUID));
            bySeries.computeIfAbsent(image.getString(Tag.SeriesInstanceUID), k -> new ArrayList<>())
                    .add(ref);
        }
        Sequence series = ds.newSequence(Tag.ReferencedSeriesSequence, bySeries.size());
        for (var e : bySeries.entrySet()) {
            Attributes item = new Attributes(2);
            item.setString(Tag.SeriesInstanceUID, VR.UI, e.getKey());
            Sequence refs = item.newSequence(
                    Tag.ReferencedInstanceSequence, e.getValue().size());
            e.getValue().forEach(refs::add);
            series.add(item);
        }
    }

    private byte[] pack(List<int[]> out, int pixels) {
        long bits = (long) out.size() * pixels;
        long bytes = (bits + 7) / 8;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("segmentation pixel data over 2 GiB");
        }
        byte[] data = new byte[(int) (bytes + (bytes & 1))];
        List<List<byte[]>> bySegment = new ArrayList<>(segments.values());
        long bit = 0;
        for (int[] o : out) {
            byte[] m = bySegment.get(o[0] - 1).get(o[1]);
            for (int p = 0; p < pixels; p++, bit++) {
                if (m[p] != 0) {
                    data[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return data;
    }

    private static boolean nonEmpty(byte[] m) {
        for (byte b : m) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
