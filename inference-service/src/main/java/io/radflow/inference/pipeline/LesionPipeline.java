package io.radflow.inference.pipeline;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.MeasurementReport.Evaluation;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.ImageRef;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.MeasurementReport.PlanarRoi;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.inference.pipeline.LesionRule.Quadrant;
import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.postprocess.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chest CT lesion pipeline (seed 004): the model segments lesions per slice; detections outside
 * the lungs (lung mask from HU) are dropped; the patient is positive only when a lesion lies in the
 * same lung quadrant on three consecutive slices ({@link LesionRule}). Results: a SEG of the lesions
 * inside the lungs, and an SR with the per-patient call (Present / Absent) and a RectangleROI box per
 * lesion region per slice (its quadrant as finding site, its area).
 */
public final class LesionPipeline implements Pipeline {
    /** At most this many per-slice boxes go into the SR (the largest). */
    static final int MAX_BOXES = 200;

    @Override
    public PipelineOutput run(PipelineInput in, Timings timings) throws PipelineException {
        ModelManifest m = in.model().manifest();
        boolean[][] lungs = new boolean[in.images().size()][];
        List<Prediction> predictions = ResultEncoding.predict(in, timings, (i, f) -> {
            float[] hu = new float[f.stored().length];
            for (int p = 0; p < hu.length; p++) {
                hu[p] = (float) f.modalityLut().apply(f.stored()[p]);
            }
            lungs[i] = LungMask.of(hu, f.height(), f.width());
        });
        Map<LabelSpec, List<byte[]>> masks = Masks.byLabel(predictions);
        if (masks.isEmpty()) {
            throw PipelineException.permanent("model " + m.id() + " declares no segmentation label");
        }
        LabelSpec lesion = masks.keySet().iterator().next();
        List<LesionRule.SliceInput> slices = new ArrayList<>();
        for (int i = 0; i < lungs.length; i++) {
            byte[] lm = masks.get(lesion).get(i);
            boolean[] les = new boolean[lungs[i].length];
            if (lm != null) {
                for (int p = 0; p < les.length; p++) {
                    les[p] = lm[p] != 0;
                }
            }
            slices.add(new LesionRule.SliceInput(Masks.geometry(in.images().get(i)), lungs[i], les));
        }
        int minPixels = Math.max(1, m.postprocessing().minComponentPixels());
        LesionRule.Result rule = new LesionRule(minPixels).apply(slices);
        // the SEG holds what the rule kept: lesion pixels inside the lungs
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            LesionRule.SliceInput s = slices.get(i);
            byte[] k = new byte[s.lesions().length];
            boolean any = false;
            for (int p = 0; p < k.length; p++) {
                if (s.lesions()[p] && s.lungs()[p]) {
                    k[p] = 1;
                    any = true;
                }
            }
            kept.add(any && !rule.slices().get(i).regions().isEmpty() ? k : null);
        }
        timings.lap("postprocess");
        Map<LabelSpec, List<byte[]>> segMasks = new LinkedHashMap<>();
        segMasks.put(lesion, kept);
        Attributes seg = Masks.seg(in, segMasks, Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE, Codes.LUNG);
        Attributes sr = report(in, rule, lesion);
        timings.lap("encode");
        List<Attributes> objects = new ArrayList<>();
        if (seg != null) {
            objects.add(seg);
        }
        objects.add(sr);
        return new PipelineOutput(objects, summary(rule, in));
    }

    private static Attributes report(PipelineInput in, LesionRule.Result rule, LabelSpec lesion)
            throws PipelineException {
        ModelManifest m = in.model().manifest();
        Code finding = ResultEncoding.code(lesion);
        var algorithm = ResultEncoding.algorithm(m, List.of("rule=same lung quadrant on 3 consecutive slices"));
        List<Group> groups = new ArrayList<>();
        groups.add(new Group(
                "Per-patient call",
                io.radflow.dicom.iod.DerivedInstance.uidFor(in.jobKey() + "/call"),
                finding,
                Codes.LUNG,
                null,
                List.of(),
                List.of(new Evaluation(finding, rule.positive() ? Codes.PRESENT : Codes.ABSENT)),
                algorithm));
        List<int[]> regions = new ArrayList<>(); // {slice, region index, pixels}
        for (LesionRule.SliceResult s : rule.slices()) {
            for (int r = 0; r < s.regions().size(); r++) {
                regions.add(new int[] {s.index(), r, s.regions().get(r).pixels()});
            }
        }
        regions.sort((a, b) -> Integer.compare(b[2], a[2]));
        for (int[] x : regions.subList(0, Math.min(MAX_BOXES, regions.size()))) {
            LesionRule.Region r = rule.slices().get(x[0]).regions().get(x[1]);
            Attributes image = in.images().get(x[0]);
            groups.add(new Group(
                    MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI",
                    io.radflow.dicom.iod.DerivedInstance.uidFor(in.jobKey() + "/region/" + x[0] + "/" + x[1]),
                    finding,
                    quadrant(r.quadrant()),
                    PlanarRoi.box(ImageRef.of(image), r.columnMin(), r.rowMin(), r.columnMax() + 1, r.rowMax() + 1),
                    List.of(Measurement.of(
                            Codes.AREA, FindingsPipeline.round(r.areaCm2()), Codes.UCUM_SQUARE_CENTIMETER)),
                    List.of(),
                    algorithm));
        }
        try {
            return SrWriter.write(
                    MeasurementReport.build(new MeasurementReport.Report(
                            ResultEncoding.device(m),
                            Codes.CT_UNSPECIFIED_BODY_REGION,
                            in.images().stream().map(ImageRef::of).toList(),
                            groups)),
                    in.images().get(0),
                    ResultEncoding.instance(in.jobKey(), "sr", m, 2),
                    in.images().stream().map(SrWriter.Evidence::of).toList());
        } catch (SrException e) {
            throw PipelineException.permanent("cannot encode the report: " + e.getMessage());
        }
    }

    static Code quadrant(Quadrant q) {
        return switch (q) {
            case RIGHT_UPPER -> Codes.RIGHT_UPPER_LUNG_QUADRANT;
            case RIGHT_LOWER -> Codes.RIGHT_LOWER_LUNG_QUADRANT;
            case LEFT_UPPER -> Codes.LEFT_UPPER_LUNG_QUADRANT;
            case LEFT_LOWER -> Codes.LEFT_LOWER_LUNG_QUADRANT;
        };
    }

    private static Map<String, Object> summary(LesionRule.Result rule, PipelineInput in) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("positive", rule.positive());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (LesionRule.Run r : rule.runs()) {
            runs.add(Map.of(
                    "quadrant", r.quadrant().name(),
                    "firstSlice", r.firstSlice(),
                    "slices", r.length(),
                    "firstSopInstanceUid", in.images().get(r.firstSlice()).getString(Tag.SOPInstanceUID)));
        }
        s.put("runs", runs);
        s.put(
                "slicesWithLesions",
                rule.slices().stream().filter(x -> !x.regions().isEmpty()).count());
        s.put(
                "droppedOutsideLungsPixels",
                rule.slices().stream()
                        .mapToInt(LesionRule.SliceResult::droppedOutsideLungs)
                        .sum());
        return s;
    }
}
