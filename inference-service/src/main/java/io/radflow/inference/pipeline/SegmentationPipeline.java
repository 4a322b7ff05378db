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
        int l3 = m.l3() != null ? vertebralBodyRuns(m.l3(), predictions, in.images()) : l3Slice(predictions, masks);
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

    /**
     * The L3 slice by the manifest's {@code vertebralBodyRuns} method: slices superior first; a
     * slice shows a vertebral body when 1 − p(disc) ≥ the threshold; consecutive body slices form a
     * run per vertebra; each run's mean log-probability per level; the run whose assignment as L3
     * (neighbouring runs taking the neighbouring levels) scores highest is L3, and its middle slice
     * the suggestion. -1 when no slice shows a body.
     */
    static int vertebralBodyRuns(
            io.radflow.model.manifest.ModelManifest.L3Finder f, List<Prediction> predictions, List<Attributes> images) {
        int n = predictions.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(z(images.get(b)), z(images.get(a)))); // superior first
        List<int[]> runs = new ArrayList<>(); // {first, last} in superior-first order
        int start = -1;
        for (int k = 0; k <= n; k++) {
            boolean body = k < n && 1 - discProbability(predictions.get(order[k]), f.discIndex()) >= f.bodyThreshold();
            if (body && start < 0) {
                start = k;
            } else if (!body && start >= 0) {
                runs.add(new int[] {start, k - 1});
                start = -1;
            }
        }
        if (runs.isEmpty()) {
            return -1;
        }
        List<Integer> levels = f.levelOrder();
        int l3 = levels.indexOf(f.l3Index());
        double[][] s = new double[runs.size()][];
        for (int j = 0; j < runs.size(); j++) {
            s[j] = new double[levels.size()];
            int[] r = runs.get(j);
            for (int li = 0; li < levels.size(); li++) {
                double sum = 0;
                for (int k = r[0]; k <= r[1]; k++) {
                    sum += Math.log(Math.max(1e-6, probability(predictions.get(order[k]), levels.get(li))));
                }
                s[j][li] = sum / (r[1] - r[0] + 1);
            }
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < runs.size(); k++) {
            double score = 0;
            for (int j = 0; j < runs.size(); j++) {
                score += s[j][Math.max(0, Math.min(levels.size() - 1, l3 + j - k))];
            }
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        int[] r = runs.get(best);
        return order[(r[0] + r[1]) / 2];
    }

    private static double discProbability(Prediction p, int disc) {
        return probability(p, disc);
    }

    private static double probability(Prediction p, int index) {
        for (ClassScore c : p.classes()) {
            if (c.label().index() == index) {
                return c.probability();
            }
        }
        return 0;
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
