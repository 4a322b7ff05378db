package io.radflow.dicom.seg;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Segmentation (SOP Class 1.2.840.10008.5.1.4.1.1.66.4): BINARY (1 bit) and FRACTIONAL whose
 * values are all 0 or Maximum Fractional Value (pseudo-binary), native (uncompressed) pixel data.
 * Anything it cannot read exactly ends in a {@link SegmentationException} naming the problem, never a
 * wrong mask.
 */
public final class SegmentationReader {
    private SegmentationReader() {}

    /** Reads a SEG data set (read with pixel data, in a native transfer syntax). */
    public static Segmentation read(Attributes seg) throws SegmentationException {
        String cls = seg.getString(Tag.SOPClassUID);
        if (!UID.SegmentationStorage.equals(cls)) {
            throw new SegmentationException("not a Segmentation: SOP Class " + cls);
        }
        String type = seg.getString(Tag.SegmentationType);
        int bits = seg.getInt(Tag.BitsAllocated, 0);
        int rows = seg.getInt(Tag.Rows, 0);
        int cols = seg.getInt(Tag.Columns, 0);
        int frames = seg.getInt(Tag.NumberOfFrames, 1);
        if (rows <= 0 || cols <= 0 || rows > 65535 || cols > 65535) {
            throw new SegmentationException("invalid Rows/Columns " + rows + "x" + cols);
        }
        if (frames <= 0) {
            throw new SegmentationException("invalid Number of Frames " + frames);
        }
        int maxFraction = 0;
        if ("BINARY".equals(type)) {
            if (bits != 1) {
                throw new SegmentationException("BINARY segmentation with Bits Allocated " + bits + " (must be 1)");
            }
        } else if ("FRACTIONAL".equals(type)) {
            if (bits != 8) {
                throw new SegmentationException("FRACTIONAL segmentation with Bits Allocated " + bits + " (must be 8)");
            }
            maxFraction = seg.getInt(Tag.MaximumFractionalValue, 0);
            if (maxFraction <= 0 || maxFraction > 255) {
                throw new SegmentationException("FRACTIONAL segmentation with Maximum Fractional Value " + maxFraction);
            }
        } else {
            throw new SegmentationException("unsupported Segmentation Type " + type);
        }
        List<Segment> segments = segments(seg);
        Sequence perFrame = seg.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        if (perFrame == null || perFrame.size() != frames) {
            throw new SegmentationException("Per-frame Functional Groups Sequence has "
                    + (perFrame == null ? "no" : perFrame.size()) + " items for " + frames + " frames");
        }
        byte[] data = pixelData(seg);
        long pixels = (long) rows * cols;
        long needed = bits == 1 ? (pixels * frames + 7) / 8 : pixels * frames;
        if (data.length < needed) {
            throw new SegmentationException("pixel data truncated: " + data.length + " bytes for " + frames
                    + " frames of " + rows + "x" + cols + " (" + needed + " needed)");
        }
        Attributes shared = seg.getNestedDataset(Tag.SharedFunctionalGroupsSequence);
        double[] orientation = group(null, shared, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient);
        List<Segmentation.Frame> list = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            Attributes fg = perFrame.get(f);
            if (orientation == null) {
                orientation = group(fg, null, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient);
            }
            Attributes segId = fg.getNestedDataset(Tag.SegmentIdentificationSequence);
            if (segId == null && shared != null) {
                segId = shared.getNestedDataset(Tag.SegmentIdentificationSequence);
            }
            int number = segId == null ? 0 : segId.getInt(Tag.ReferencedSegmentNumber, 0);
            if (number <= 0) {
                throw new SegmentationException("frame " + (f + 1) + " has no Referenced Segment Number");
            }
            // checked now, unpacked when asked for (Frame.mask())
            final int frame = f;
            java.util.function.Supplier<byte[]> mask;
            if (bits == 1) {
                mask = () -> {
                    byte[] m = new byte[(int) pixels];
                    long bit = frame * pixels;
                    for (int p = 0; p < pixels; p++, bit++) {
                        m[p] = (byte) ((data[(int) (bit >>> 3)] >>> (bit & 7)) & 1);
                    }
                    return m;
                };
            } else {
                int off = (int) (f * pixels);
                for (int p = 0; p < pixels; p++) {
                    int v = data[off + p] & 0xFF;
                    if (v != 0 && v != maxFraction) {
                        throw new SegmentationException("FRACTIONAL frame " + (f + 1) + " has value " + v
                                + " between 0 and " + maxFraction + ": not a pseudo-binary mask");
                    }
                }
                mask = () -> {
                    byte[] m = new byte[(int) pixels];
                    for (int p = 0; p < pixels; p++) {
                        m[p] = (byte) (data[off + p] == 0 ? 0 : 1);
                    }
                    return m;
                };
            }
            list.add(new Segmentation.Frame(
                    number, sources(fg), group(fg, shared, Tag.PlanePositionSequence, Tag.ImagePositionPatient), mask));
        }
        Attributes refSeries = seg.getNestedDataset(Tag.ReferencedSeriesSequence);
        return new Segmentation(
                seg.getString(Tag.SOPInstanceUID),
                seg.getString(Tag.SeriesInstanceUID),
                refSeries == null ? null : refSeries.getString(Tag.SeriesInstanceUID),
                seg.getString(Tag.FrameOfReferenceUID),
                orientation,
                rows,
                cols,
                segments,
                list);
    }

    private static List<Segment> segments(Attributes seg) throws SegmentationException {
        Sequence seq = seg.getSequence(Tag.SegmentSequence);
        if (seq == null || seq.isEmpty()) {
            throw new SegmentationException("no Segment Sequence");
        }
        List<Segment> list = new ArrayList<>(seq.size());
        for (Attributes item : seq) {
            int number = item.getInt(Tag.SegmentNumber, 0);
            try {
                Attributes alg = item.getNestedDataset(Tag.SegmentationAlgorithmIdentificationSequence);
                int[] lab = item.getInts(Tag.RecommendedDisplayCIELabValue);
                list.add(new Segment(
                        number,
                        item.getString(Tag.SegmentLabel),
                        code(item, Tag.SegmentedPropertyCategoryCodeSequence),
                        code(item, Tag.SegmentedPropertyTypeCodeSequence),
                        code(item, Tag.AnatomicRegionSequence),
                        AlgorithmType.valueOf(item.getString(Tag.SegmentAlgorithmType, "")),
                        item.getString(Tag.SegmentAlgorithmName),
                        alg == null ? null : alg.getString(Tag.AlgorithmVersion),
                        alg == null ? null : code(alg, Tag.AlgorithmFamilyCodeSequence),
                        lab == null || lab.length != 3 ? null : CieLab.toRgb(lab),
                        item.getString(Tag.SegmentDescription)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SegmentationException("segment " + number + ": " + e.getMessage());
            }
        }
        return list;
    }

    private static Code code(Attributes item, int seqTag) {
        Attributes c = item.getNestedDataset(seqTag);
        return c == null ? null : Code.of(c);
    }

    private static List<Segmentation.SourceRef> sources(Attributes fg) {
        List<Segmentation.SourceRef> refs = new ArrayList<>(1);
        Sequence derivations = fg.getSequence(Tag.DerivationImageSequence);
        if (derivations == null) {
            return refs;
        }
        for (Attributes d : derivations) {
            Sequence src = d.getSequence(Tag.SourceImageSequence);
            if (src == null) {
                continue;
            }
            for (Attributes s : src) {
                String iuid = s.getString(Tag.ReferencedSOPInstanceUID);
                if (iuid == null) {
                    continue;
                }
                int[] frames = s.getInts(Tag.ReferencedFrameNumber);
                if (frames == null || frames.length == 0) {
                    refs.add(new Segmentation.SourceRef(iuid, 0));
                } else {
                    for (int fn : frames) {
                        refs.add(new Segmentation.SourceRef(iuid, fn));
                    }
                }
            }
        }
        return refs;
    }

    private static double[] group(Attributes perFrame, Attributes shared, int seqTag, int tag)
            throws SegmentationException {
        for (Attributes groups : new Attributes[] {perFrame, shared}) {
            Attributes item = groups == null ? null : groups.getNestedDataset(seqTag);
            if (item != null && item.containsValue(tag)) {
                try {
                    return item.getDoubles(tag);
                } catch (RuntimeException e) {
                    throw new SegmentationException("invalid " + io.radflow.dicom.data.ElementDictionary.keywordOf(tag)
                            + ": " + e.getMessage());
                }
            }
        }
        return null;
    }

    private static byte[] pixelData(Attributes seg) throws SegmentationException {
        Object v = seg.getValue(Tag.PixelData);
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof BulkData bd) {
            try {
                return bd.toBytes();
            } catch (IOException e) {
                throw new SegmentationException("pixel data unreadable: " + e.getMessage());
            }
        }
        if (v == null) {
            throw new SegmentationException("no pixel data");
        }
        throw new SegmentationException("compressed (encapsulated) segmentation pixel data is not supported");
    }
}
