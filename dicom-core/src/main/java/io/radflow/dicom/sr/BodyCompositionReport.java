package io.radflow.dicom.sr;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import java.util.ArrayList;
import java.util.List;

/**
 * Body composition at L3 as a TID 1500 Measurement Report: one measurement group per tissue (finding
 * = the tissue, finding site = L3 vertebra, ROI = its segment of the SEG the masks came from, TID
 * 1411; area in {@code cm2}, mean and SD in {@code [hnsf'U]}) and one group for the indices (SMI in
 * {@code cm2/m2}, BMI in {@code kg/m2}, height in {@code m}, weight in {@code kg}, TID 1501) whose
 * algorithm parameters say where height and weight came from and what is missing. The L3 image is
 * the image library; the SEG and the image are the evidence.
 */
public final class BodyCompositionReport {
    private BodyCompositionReport() {}

    /**
     * One tissue at L3.
     *
     * @param concept the tissue (finding)
     * @param name shown name ("Skeletal muscle"); the group's tracking identifier is "name at L3"
     * @param segmentNumber its segment in the SEG, or null (no ROI)
     * @param areaCm2 area
     * @param meanHu mean HU, or null when no pixel was counted
     * @param sdHu SD of HU, or null
     */
    public record Tissue(
            Code concept, String name, Integer segmentNumber, double areaCm2, Double meanHu, Double sdHu) {}

    /** The indices; null where missing. */
    public record Indices(Double smiCm2PerM2, Double bmiKgPerM2, Double heightM, Double weightKg) {}

    /**
     * The SR.
     *
     * @param uidSeed what the groups' tracking UIDs derive from (e.g. the measurement id)
     * @param tissues the tissue groups, in order
     * @param indices the indices group's values
     * @param algorithm the algorithm of every group (name, version, parameters such as thresholds)
     * @param indexParameters further parameters of the indices group (height and weight sources,
     *     what is missing)
     * @param l3Image the L3 slice's data set (patient, study, image library)
     * @param seg the SEG the masks came from
     * @param identity the SR's series and instance
     */
    public static Attributes write(
            String uidSeed,
            List<Tissue> tissues,
            Indices indices,
            MeasurementReport.Algorithm algorithm,
            List<String> indexParameters,
            Attributes l3Image,
            Attributes seg,
            DerivedInstance identity)
            throws SrException {
        String segUid = seg.getString(Tag.SOPInstanceUID);
        String sourceSeries = l3Image.getString(Tag.SeriesInstanceUID);
        List<Group> groups = new ArrayList<>();
        for (Tissue t : tissues) {
            List<Measurement> ms = new ArrayList<>();
            ms.add(Measurement.of(Codes.AREA, round(t.areaCm2(), 2), Codes.UCUM_SQUARE_CENTIMETER));
            if (t.meanHu() != null) {
                ms.add(Measurement.of(Codes.MEAN, round(t.meanHu(), 1), Codes.UCUM_HOUNSFIELD_UNIT));
            }
            if (t.sdHu() != null) {
                ms.add(Measurement.of(Codes.STANDARD_DEVIATION, round(t.sdHu(), 1), Codes.UCUM_HOUNSFIELD_UNIT));
            }
            groups.add(new Group(
                    t.name() + " at L3",
                    DerivedInstance.uidFor(uidSeed + "/" + t.concept().scheme() + "/"
                            + t.concept().value()),
                    t.concept(),
                    Codes.L3_VERTEBRA,
                    t.segmentNumber() == null
                            ? null
                            : new MeasurementReport.VolumetricRoi(segUid, t.segmentNumber(), sourceSeries),
                    ms,
                    List.of(),
                    algorithm));
        }
        List<Measurement> values = new ArrayList<>();
        add(values, Codes.SKELETAL_MUSCLE_INDEX, indices.smiCm2PerM2(), 2, Codes.UCUM_CM2_PER_M2);
        add(values, Codes.BODY_MASS_INDEX, indices.bmiKgPerM2(), 2, Codes.UCUM_KG_PER_M2);
        add(values, Codes.BODY_HEIGHT, indices.heightM(), 3, Codes.UCUM_METER);
        add(values, Codes.BODY_WEIGHT, indices.weightKg(), 3, Codes.UCUM_KILOGRAM);
        List<String> parameters = new ArrayList<>(algorithm.parameters());
        parameters.addAll(indexParameters);
        groups.add(new Group(
                "Body composition indices",
                DerivedInstance.uidFor(uidSeed + "/indices"),
                Codes.SKELETAL_MUSCLE_INDEX,
                Codes.L3_VERTEBRA,
                null,
                values,
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
        return SrWriter.write(
                MeasurementReport.build(report),
                l3Image,
                identity,
                List.of(SrWriter.Evidence.of(l3Image), SrWriter.Evidence.of(seg)));
    }

    private static void add(List<Measurement> out, Code concept, Double v, int digits, Code unit) {
        if (v != null) {
            out.add(Measurement.of(concept, round(v, digits), unit));
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
