package io.radflow.inference.pipeline;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.SegmentationException;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.SegmentMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Segmentation masks of a series by label, and their SEG. */
final class Masks {
    private Masks() {}

    /** Per label (in label order): one mask per slice (null where empty). */
    static Map<LabelSpec, List<byte[]>> byLabel(List<Prediction> predictions) {
        Map<LabelSpec, List<byte[]>> out = new LinkedHashMap<>();
        for (int i = 0; i < predictions.size(); i++) {
            for (SegmentMask m : predictions.get(i).masks()) {
                List<byte[]> list = out.computeIfAbsent(m.label(), k -> new ArrayList<>());
                while (list.size() < predictions.size()) {
                    list.add(null);
                }
                list.set(i, m.area() > 0 ? m.pixels() : null);
            }
        }
        return out;
    }

    static SliceGeometry geometry(Attributes image) throws PipelineException {
        double[] pos = image.getDoubles(Tag.ImagePositionPatient);
        double[] ori = image.getDoubles(Tag.ImageOrientationPatient);
        double[] sp = image.getDoubles(Tag.PixelSpacing);
        if (pos == null || pos.length != 3 || ori == null || ori.length != 6 || sp == null || sp.length != 2) {
            throw PipelineException.permanent("image " + image.getString(Tag.SOPInstanceUID)
                    + " lacks Image Position/Orientation (Patient) or Pixel Spacing");
        }
        return new SliceGeometry(image.getInt(Tag.Rows, 0), image.getInt(Tag.Columns, 0), pos, ori, sp);
    }

    /**
     * The SEG of the masks (labels in order become segments 1..n), or null when every mask is empty.
     */
    static Attributes seg(PipelineInput in, Map<LabelSpec, List<byte[]>> masks, Code category, Code region)
            throws PipelineException {
        ModelManifest m = in.model().manifest();
        try {
            SegmentationWriter w =
                    new SegmentationWriter(in.images()).content("AI_RESULT", ResultEncoding.seriesDescription(m), null);
            int n = 1;
            boolean any = false;
            for (var e : masks.entrySet()) {
                LabelSpec l = e.getKey();
                w.add(
                        new Segment(
                                n++,
                                l.label(),
                                category,
                                ResultEncoding.code(l),
                                region,
                                AlgorithmType.AUTOMATIC,
                                m.id(),
                                m.version(),
                                null,
                                l.color(),
                                m.demo() ? ResultEncoding.DEMO_NOTICE : null),
                        e.getValue());
                any |= e.getValue().stream().anyMatch(x -> x != null);
            }
            return any ? w.write(ResultEncoding.instance(in.jobKey(), "seg", m, 1)) : null;
        } catch (SegmentationException e) {
            throw PipelineException.permanent("cannot encode the segmentation: " + e.getMessage());
        }
    }

    /** Tissue for body parts, a morphologically abnormal structure for findings. */
    static Code category(LabelSpec l) {
        Code c = ResultEncoding.code(l);
        return c.equals(Codes.GROUND_GLASS_OPACITY) || c.equals(Codes.NODULE) || c.equals(Codes.LESION)
                ? Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE
                : Codes.TISSUE;
    }
}
