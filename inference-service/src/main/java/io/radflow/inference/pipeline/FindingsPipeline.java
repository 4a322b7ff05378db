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
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.postprocess.BoundingBox;
import io.radflow.model.postprocess.ClassScore;
import io.radflow.model.postprocess.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification with localisation (the chest X-ray pipeline): for each image, every finding's
 * probability and call (Present when at or above its threshold, else Absent) and the heat map's
 * boxes, as a TID 1500 SR — a TID 1501 group per finding (qualitative evaluation + probability), a
 * TID 1410 RectangleROI group per box (OHIF shows it). View Position and Patient Position are kept
 * as algorithm parameters and in the summary, since a PA and an AP film show different things.
 */
public final class FindingsPipeline implements Pipeline {
    /** Labels that mean "nothing found" and are not findings. */
    static final java.util.Set<String> NORMAL = java.util.Set.of("17621005");

    @Override
    public PipelineOutput run(PipelineInput in, Timings timings) throws PipelineException {
        ModelManifest m = in.model().manifest();
        List<Prediction> predictions = ResultEncoding.predict(in, timings, null);
        Code site = m.applicability().bodyParts().contains("CHEST") ? Codes.LUNG : null;
        List<Group> groups = new ArrayList<>();
        List<Map<String, Object>> findings = new ArrayList<>();
        boolean positive = false;
        int boxes = 0;
        for (int i = 0; i < predictions.size(); i++) {
            Attributes image = in.images().get(i);
            List<String> params = new ArrayList<>();
            String view = image.getString(Tag.ViewPosition);
            String position = image.getString(Tag.PatientPosition);
            if (view != null) {
                params.add("ViewPosition=" + view);
            }
            if (position != null) {
                params.add("PatientPosition=" + position);
            }
            var algorithm = ResultEncoding.algorithm(m, params);
            ImageRef ref = ImageRef.of(image);
            for (ClassScore c : predictions.get(i).classes()) {
                Code finding = ResultEncoding.code(c.label());
                groups.add(new Group(
                        c.label().label(),
                        io.radflow.dicom.iod.DerivedInstance.uidFor(
                                in.jobKey() + "/finding/" + i + "/" + c.label().index()),
                        finding,
                        site,
                        null,
                        List.of(Measurement.of(Codes.PROBABILITY, round(c.probability()), Codes.UCUM_NO_UNITS)),
                        List.of(new Evaluation(finding, c.positive() ? Codes.PRESENT : Codes.ABSENT)),
                        algorithm));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("label", c.label().label());
                f.put("code", finding.value() + "^" + finding.scheme());
                f.put("probability", round(c.probability()));
                f.put("present", c.positive());
                findings.add(f);
                if (c.positive() && !NORMAL.contains(finding.value())) {
                    positive = true;
                }
            }
            double[] spacing = spacing(image);
            for (BoundingBox b : predictions.get(i).boxes()) {
                List<Measurement> ms = new ArrayList<>();
                ms.add(Measurement.of(Codes.PROBABILITY, round(b.score()), Codes.UCUM_NO_UNITS));
                if (spacing != null) {
                    ms.add(Measurement.of(
                            Codes.AREA,
                            round(b.width() * b.height() * spacing[0] * spacing[1] / 100),
                            Codes.UCUM_SQUARE_CENTIMETER));
                }
                groups.add(new Group(
                        MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI",
                        io.radflow.dicom.iod.DerivedInstance.uidFor(in.jobKey() + "/box/" + i + "/" + boxes),
                        ResultEncoding.code(b.label()),
                        site,
                        PlanarRoi.box(ref, (float) b.x0(), (float) b.y0(), (float) b.x1(), (float) b.y1()),
                        ms,
                        List.of(),
                        algorithm));
                boxes++;
            }
        }
        timings.lap("postprocess");
        Attributes first = in.images().get(0);
        MeasurementReport.Report report = new MeasurementReport.Report(
                ResultEncoding.device(m),
                Codes.IMAGING_PROCEDURE,
                in.images().stream().map(ImageRef::of).toList(),
                groups);
        Attributes sr;
        try {
            sr = SrWriter.write(
                    MeasurementReport.build(report),
                    first,
                    ResultEncoding.instance(in.jobKey(), "sr", m, 1),
                    in.images().stream().map(SrWriter.Evidence::of).toList());
        } catch (SrException e) {
            throw PipelineException.permanent("cannot encode the report: " + e.getMessage());
        }
        timings.lap("encode");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("positive", positive);
        summary.put("findings", findings);
        summary.put("boxes", boxes);
        if (first.getString(Tag.ViewPosition) != null) {
            summary.put("viewPosition", first.getString(Tag.ViewPosition));
        }
        if (first.getString(Tag.PatientPosition) != null) {
            summary.put("patientPosition", first.getString(Tag.PatientPosition));
        }
        return new PipelineOutput(List.of(sr), summary);
    }

    static double[] spacing(Attributes image) {
        double[] s = image.getDoubles(Tag.PixelSpacing);
        if (s == null || s.length < 2) {
            s = image.getDoubles(Tag.ImagerPixelSpacing);
        }
        return s == null || s.length < 2 ? null : s;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
