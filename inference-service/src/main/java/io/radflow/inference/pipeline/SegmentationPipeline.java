package io.radflow.inference.pipeline;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.ImageRef;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.MeasurementReport.VolumetricRoi;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.postprocess.ClassScore;
import io.radflow.model.postprocess.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segmentation (the body-composition pipeline, and any other segmentation model): a SEG of every
 * label's masks (annotators correct them in the labeling app), an SR with a TID 1411 group per
 * segment, and — where the model marks the third lumbar vertebra (a label or a per-slice class coded
 * L3) — the L3 slice suggestion for the quantification service: the slice where the L3 class is most
 * probable, else where the L3 label is largest.
 */
public final class SegmentationPipeline implements Pipeline {
    @Override
    public PipelineOutput run(PipelineInput in, Timings timings) throws PipelineException {
        ModelManifest m = in.model().manifest();
        List<Prediction> predictions = ResultEncoding.predict(in, timings, null);
        Map<LabelSpec, List<byte[]>> masks = Masks.byLabel(predictions);
        int l3 = m.l3() != null
                ? io.radflow.model.postprocess.VertebralLevels.l3Slice(
                        m.l3(),
                        predictions,
                        in.images().stream()
                                .mapToDouble(SegmentationPipeline::z)
                                .toArray())
                : l3Slice(predictions, masks);
        timings.lap("postprocess");
        Code region = m.applicability().bodyParts().contains("ABDOMEN") ? Codes.ABDOMEN : null;
        Map<LabelSpec, List<byte[]>> segMasks = new LinkedHashMap<>();
        masks.forEach((l, v) -> segMasks.put(l, v));
        Attributes seg = segMasks.isEmpty() ? null : Masks.seg(in, segMasks, Codes.TISSUE, region);
        List<Attributes> objects = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        List<Map<String, Object>> segments = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        var algorithm = ResultEncoding.algorithm(m, List.of());
        int n = 1;
        String series = in.images().get(0).getString(Tag.SeriesInstanceUID);
        for (var e : masks.entrySet()) {
            long pixels = 0;
            int slices = 0;
            for (byte[] b : e.getValue()) {
                if (b != null) {
                    slices++;
                    for (byte x : b) {
                        pixels += x;
                    }
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("segment", n);
            s.put("label", e.getKey().label());
            s.put("slices", slices);
            s.put("pixels", pixels);
            segments.add(s);
            if (seg != null && pixels > 0) {
                List<Measurement> ms = new ArrayList<>();
                if (l3 >= 0 && e.getValue().get(l3) != null) {
                    double[] sp = FindingsPipeline.spacing(in.images().get(l3));
                    long atL3 = 0;
                    for (byte x : e.getValue().get(l3)) {
                        atL3 += x;
                    }
                    if (sp != null) {
                        ms.add(Measurement.of(
                                Codes.AREA,
                                FindingsPipeline.round(atL3 * sp[0] * sp[1] / 100),
                                Codes.UCUM_SQUARE_CENTIMETER));
                    }
                }
                groups.add(new Group(
                        e.getKey().label() + (ms.isEmpty() ? "" : " at the suggested L3 slice"),
                        io.radflow.dicom.iod.DerivedInstance.uidFor(in.jobKey() + "/segment/" + n),
                        ResultEncoding.code(e.getKey()),
                        ms.isEmpty() ? null : Codes.L3_VERTEBRA,
                        new VolumetricRoi(seg.getString(Tag.SOPInstanceUID), n, series),
                        ms,
                        List.of(),
                        algorithm));
            }
            n++;
        }
        summary.put("segments", segments);
        if (l3 >= 0) {
            summary.put("l3SliceIndex", l3);
            summary.put("l3SopInstanceUid", in.images().get(l3).getString(Tag.SOPInstanceUID));
        }
        if (seg != null) {
            objects.add(seg);
            List<Attributes> evidence = new ArrayList<>(in.images());
            evidence.add(seg);
            try {
                objects.add(SrWriter.write(
                        MeasurementReport.build(new MeasurementReport.Report(
                                ResultEncoding.device(m),
                                Codes.CT_UNSPECIFIED_BODY_REGION,
                                l3 >= 0
                                        ? List.of(ImageRef.of(in.images().get(l3)))
                                        : List.of(ImageRef.of(in.images().get(0))),
                                groups)),
                        in.images().get(0),
                        ResultEncoding.instance(in.jobKey(), "sr", m, 2),
                        evidence.stream().map(SrWriter.Evidence::of).toList()));
            } catch (SrException e) {
                throw PipelineException.permanent("cannot encode the report: " + e.getMessage());
            }
        }
        timings.lap("encode");
        summary.put("positive", seg != null);
        return new PipelineOutput(objects, summary);
    }

    private static double z(Attributes image) {
        double[] pos = image.getDoubles(Tag.ImagePositionPatient);
        return pos == null || pos.length < 3 ? 0 : pos[2];
    }

    /** The suggested L3 slice, or -1 when the model marks no L3. */
    static int l3Slice(List<Prediction> predictions, Map<LabelSpec, List<byte[]>> masks) {
        int best = -1;
        double bestP = -1;
        for (int i = 0; i < predictions.size(); i++) {
            for (ClassScore c : predictions.get(i).classes()) {
                if (isL3(c.label()) && c.probability() > bestP) {
                    bestP = c.probability();
                    best = i;
                }
            }
        }
        if (best >= 0) {
            return best;
        }
        long bestArea = 0;
        for (var e : masks.entrySet()) {
            if (!isL3(e.getKey())) {
                continue;
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                byte[] b = e.getValue().get(i);
                long a = 0;
                if (b != null) {
                    for (byte x : b) {
                        a += x;
                    }
                }
                if (a > bestArea) {
                    bestArea = a;
                    best = i;
                }
            }
        }
        return best;
    }

    static boolean isL3(LabelSpec l) {
        Code c = ResultEncoding.code(l);
        return c.equals(Codes.L3_VERTEBRA) || l.label().matches("(?i).*\\bL3\\b.*");
    }
}
