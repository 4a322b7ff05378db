package io.radflow.quantification.report;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.BodyCompositionReport;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrException;
import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.TissueMeasurement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body-composition result as dicom-core's TID 1500 {@link BodyCompositionReport}: a group per
 * tissue at L3 referring to its SEG segment (intermuscular fat to the muscle segment it lies in), a
 * group for the indices whose parameters say where height and weight came from (the tag, or who
 * entered them and when) and what is missing; and, given the tissues' pixels on the L3 slice, a
 * planar ROI group per tissue outlining its largest connected region on the L3 image (what OHIF
 * draws; its area is that region's). Every group names the algorithm, its thresholds and, for a demo
 * model's masks, the demo notice. One SR series per study; each version a new instance.
 */
public final class BodyCompositionSr {
    /** Software Versions of the SR. */
    public static final String SOFTWARE = "Radflow 0.1.0, body composition 1.0.0";

    /** Series number of the body-composition SRs. */
    public static final int SERIES_NUMBER = 9101;

    /** Series number of the outline SRs (what OHIF draws). */
    public static final int OUTLINES_SERIES_NUMBER = 9102;

    private BodyCompositionSr() {}

    /**
     * The SR.
     *
     * @param result what was measured
     * @param measurementId the measurement (its UIDs derive from it)
     * @param version the study's measurement version (Instance Number)
     * @param l3Image the L3 slice's data set (patient, study, and the image referenced)
     * @param seg the SEG the masks came from
     * @param segments the SEG's segment number of each tissue label (muscle, SAT, VAT)
     * @param l3Pixels the pixels counted for each tissue on the L3 slice ({@link
     *     io.radflow.quantification.compute.SliceMeasurer#pixels}), or null: no outline groups
     */
    public static Attributes build(
            BodyCompositionResult result,
            String measurementId,
            int version,
            Attributes l3Image,
            Attributes seg,
            Map<BodyTissue, Integer> segments,
            Map<BodyTissue, byte[]> l3Pixels)
            throws SrException {
        List<BodyCompositionReport.Tissue> tissues = new ArrayList<>();
        for (TissueMeasurement t : result.tissues()) {
            // intermuscular fat lies in the muscle segment
            Integer segment =
                    segments.get(t.tissue() == BodyTissue.INTERMUSCULAR_FAT ? BodyTissue.SKELETAL_MUSCLE : t.tissue());
            tissues.add(new BodyCompositionReport.Tissue(
                    t.tissue().code(),
                    t.name(),
                    segment,
                    t.areaCm2(),
                    t.meanHu(),
                    t.sdHu(),
                    l3Pixels == null ? null : l3Pixels.get(t.tissue())));
        }
        List<String> parameters = new ArrayList<>();
        source(parameters, "height", result.height());
        source(parameters, "weight", result.weight());
        result.missing().forEach(m -> parameters.add("missing: " + m));
        String study = l3Image.getString(io.radflow.dicom.data.Tag.StudyInstanceUID);
        DerivedInstance identity = new DerivedInstance(
                DerivedInstance.uidFor(study + "/body-composition/series"),
                DerivedInstance.uidFor(measurementId + "/sr"),
                SERIES_NUMBER,
                result.demo() ? "Radflow AI DEMO - Body composition at L3" : "Radflow - Body composition at L3",
                version,
                SOFTWARE,
                "radflow-body-composition",
                LocalDateTime.now());
        return BodyCompositionReport.write(
                measurementId,
                tissues,
                new BodyCompositionReport.Indices(
                        result.smi().value(),
                        result.bmi().value(),
                        result.height() == null ? null : result.height().value(),
                        result.weight() == null ? null : result.weight().value()),
                algorithm(result),
                parameters,
                l3Image,
                seg,
                identity);
    }

    /**
     * The SR's outline groups alone ({@link BodyCompositionReport#outlines}): OHIF 3.13 cannot load an SR
     * with groups that lack spatial coordinates, so it draws the tissues' L3 outlines from this one. Its
     * own series (one per study), instance per measurement; null when there is no outline.
     *
     * @param sr the body-composition SR {@link #build} made
     * @param result what was measured (demo or not)
     * @param measurementId the measurement
     * @param version the study's measurement version (Instance Number)
     * @param l3Image the L3 slice's data set
     */
    public static Attributes outlines(
            Attributes sr, BodyCompositionResult result, String measurementId, int version, Attributes l3Image)
            throws SrException {
        String study = l3Image.getString(io.radflow.dicom.data.Tag.StudyInstanceUID);
        return BodyCompositionReport.outlines(
                sr,
                l3Image,
                new DerivedInstance(
                        DerivedInstance.uidFor(study + "/body-composition/outlines-series"),
                        DerivedInstance.uidFor(measurementId + "/outlines-sr"),
                        OUTLINES_SERIES_NUMBER,
                        result.demo()
                                ? "Radflow AI DEMO - Body composition outlines"
                                : "Radflow - Body composition outlines",
                        version,
                        SOFTWARE,
                        "radflow-body-composition",
                        LocalDateTime.now()));
    }

    private static MeasurementReport.Algorithm algorithm(BodyCompositionResult r) {
        List<String> p = new ArrayList<>();
        if (r.demo()) {
            p.add(r.demoNotice());
        }
        p.add(String.format(
                java.util.Locale.ROOT,
                "thresholds: muscle %.0f..%.0f HU, adipose %.0f..%.0f HU",
                r.thresholds().muscleMinHu(),
                r.thresholds().muscleMaxHu(),
                r.thresholds().adiposeMinHu(),
                r.thresholds().adiposeMaxHu()));
        p.add("L3 slice: " + r.l3().source().name().toLowerCase(java.util.Locale.ROOT)
                + (r.l3().slabSlices() > 1 ? ", slab of " + r.l3().slabSlices() + " slices" : ""));
        if (r.labels() != null && r.labels().description() != null) {
            p.add("masks: " + r.labels().description());
        }
        return new MeasurementReport.Algorithm("Radflow body composition", "1.0.0", p);
    }

    private static void source(List<String> parameters, String what, Anthropometrics.Value v) {
        if (v != null) {
            parameters.add(what + ": "
                    + (v.source() == Anthropometrics.Source.MANUAL
                            ? "entered by " + v.enteredBy() + " at " + v.enteredAt()
                            : "from the image's " + (what.equals("height") ? "PatientSize" : "PatientWeight")));
        }
    }
}
