package io.radflow.quantification.report;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.DerivedValue;
import io.radflow.quantification.compute.TissueMeasurement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body-composition result as a TID 1500 Measurement Report: one measurement group per tissue at
 * L3 (finding = the tissue, finding site = L3 vertebra, the ROI = its segment of the SEG; area in
 * cm2, mean and SD in [hnsf'U]); intermuscular fat refers to the muscle segment it lies in; one group
 * for the indices (SMI in cm2/m2, BMI in kg/m2, height in m, weight in kg), whose algorithm
 * parameters say where height and weight came from (the tag, or who entered them and when) and what
 * is missing. Every group names the algorithm, its thresholds and, for a demo model's masks, the
 * demo notice. One SR series per study ("Radflow body composition"); each version a new instance.
 */
public final class BodyCompositionSr {
    /** Software Versions of the SR. */
    public static final String SOFTWARE = "Radflow 0.1.0, body composition 1.0.0";

    /** Series number of the body-composition SRs. */
    public static final int SERIES_NUMBER = 9101;

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
     */
    public static Attributes build(
            BodyCompositionResult result,
            String measurementId,
            int version,
            Attributes l3Image,
            Attributes seg,
            Map<BodyTissue, Integer> segments)
            throws SrException {
        String segUid = seg.getString(io.radflow.dicom.data.Tag.SOPInstanceUID);
        String sourceSeries = result.l3().seriesInstanceUid();
        MeasurementReport.Algorithm algorithm = algorithm(result);
        List<Group> groups = new ArrayList<>();
        for (TissueMeasurement t : result.tissues()) {
            Integer segment =
                    segments.get(t.tissue() == BodyTissue.INTERMUSCULAR_FAT ? BodyTissue.SKELETAL_MUSCLE : t.tissue());
            List<Measurement> ms = new ArrayList<>();
            ms.add(Measurement.of(Codes.AREA, round(t.areaCm2(), 2), Codes.UCUM_SQUARE_CENTIMETER));
            if (t.meanHu() != null) {
                ms.add(Measurement.of(Codes.MEAN, round(t.meanHu(), 1), Codes.UCUM_HOUNSFIELD_UNIT));
                ms.add(Measurement.of(Codes.STANDARD_DEVIATION, round(t.sdHu(), 1), Codes.UCUM_HOUNSFIELD_UNIT));
            }
            groups.add(new Group(
                    t.name() + " at L3",
                    DerivedInstance.uidFor(measurementId + "/" + t.tissue().name()),
                    t.tissue().code(),
                    Codes.L3_VERTEBRA,
                    segment == null ? null : new MeasurementReport.VolumetricRoi(segUid, segment, sourceSeries),
                    ms,
                    List.of(),
                    algorithm));
        }
        List<Measurement> indices = new ArrayList<>();
        List<String> parameters = new ArrayList<>(algorithm.parameters());
        add(indices, Codes.SKELETAL_MUSCLE_INDEX, result.smi(), Codes.UCUM_CM2_PER_M2);
        add(indices, Codes.BODY_MASS_INDEX, result.bmi(), Codes.UCUM_KG_PER_M2);
        value(indices, parameters, "height", Codes.BODY_HEIGHT, result.height(), Codes.UCUM_METER);
        value(indices, parameters, "weight", Codes.BODY_WEIGHT, result.weight(), Codes.UCUM_KILOGRAM);
        result.missing().forEach(m -> parameters.add("missing: " + m));
        groups.add(new Group(
                "Body composition indices",
                DerivedInstance.uidFor(measurementId + "/indices"),
                Codes.SKELETAL_MUSCLE_INDEX,
                Codes.L3_VERTEBRA,
                null,
                indices,
                List.of(),
                new MeasurementReport.Algorithm(algorithm.name(), algorithm.version(), parameters)));
        MeasurementReport.Report report = new MeasurementReport.Report(
                new MeasurementReport.Device(
                        DerivedInstance.uidFor("device/radflow-body-composition"),
                        "radflow-body-composition",
                        "Radflow",
                        "Body composition at L3"),
                Codes.IMAGING_PROCEDURE,
                List.of(MeasurementReport.ImageRef.of(l3Image)),
                groups);
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
        return SrWriter.write(
                MeasurementReport.build(report),
                l3Image,
                identity,
                List.of(SrWriter.Evidence.of(l3Image), SrWriter.Evidence.of(seg)));
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

    private static void add(List<Measurement> out, Code concept, DerivedValue v, Code unit) {
        if (v != null && v.hasValue()) {
            out.add(Measurement.of(concept, round(v.value(), 2), unit));
        }
    }

    private static void value(
            List<Measurement> out,
            List<String> parameters,
            String what,
            Code concept,
            Anthropometrics.Value v,
            Code unit) {
        if (v == null) {
            return;
        }
        out.add(Measurement.of(concept, round(v.value(), 3), unit));
        parameters.add(what + ": "
                + (v.source() == Anthropometrics.Source.MANUAL
                        ? "entered by " + v.enteredBy() + " at " + v.enteredAt()
                        : "from the image's " + (what.equals("height") ? "PatientSize" : "PatientWeight")));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
