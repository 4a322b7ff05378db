package io.radflow.quantification.compute;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Body composition of one study at L3, as the JSON API, spreadsheet, picture and SR report it. Only
 * records, lists, strings, numbers and enums (written as their names).
 *
 * @param studyInstanceUid the study
 * @param l3 the slice measured
 * @param tissues one measurement per {@link BodyTissue}, in its order
 * @param height height with its source, null when missing
 * @param weight weight with its source, null when missing
 * @param bmi BMI (kg/m²) or why it is missing
 * @param smi SMI (cm²/m²) or why it is missing
 * @param missing what is missing and why (height, weight), empty when nothing is
 * @param thresholds the HU ranges used
 * @param labels where the masks came from
 * @param reference the sarcopenia cut-offs that apply, as reference
 * @param demo true when the masks come from a demo model
 * @param demoNotice the demo notice, null when not a demo
 */
public record BodyCompositionResult(
        String studyInstanceUid,
        L3Slice l3,
        List<TissueMeasurement> tissues,
        Anthropometrics.Value height,
        Anthropometrics.Value weight,
        DerivedValue bmi,
        DerivedValue smi,
        List<String> missing,
        Thresholds thresholds,
        LabelSource labels,
        SarcopeniaReference.Reference reference,
        boolean demo,
        String demoNotice) {

    public BodyCompositionResult {
        tissues = List.copyOf(tissues);
        missing = List.copyOf(missing);
        if (tissues.size() != BodyTissue.values().length) {
            throw new IllegalArgumentException("one measurement per tissue expected, got " + tissues.size());
        }
        if (demo && (demoNotice == null || demoNotice.isBlank())) {
            throw new IllegalArgumentException("a demo result needs its notice");
        }
    }

    /** Who picked the L3 slice. */
    public enum L3Source {
        /** The inference service's suggestion. */
        MODEL,
        /** An annotator's choice. */
        ANNOTATOR
    }

    /**
     * The L3 slice.
     *
     * @param sopInstanceUid SOP Instance UID of the (middle) slice
     * @param seriesInstanceUid its series
     * @param positionMm position along the slice normal (Image Position (Patient) · normal of Image
     *     Orientation (Patient)), null when those are absent
     * @param source who picked it
     * @param slabSlices number of slices averaged (1 for the single L3 slice)
     */
    public record L3Slice(
            String sopInstanceUid, String seriesInstanceUid, Double positionMm, L3Source source, int slabSlices) {

        /** The slice of data set {@code ds}, picked by {@code source}. */
        public static L3Slice of(Attributes ds, L3Source source) {
            return new L3Slice(
                    ds.getString(Tag.SOPInstanceUID),
                    ds.getString(Tag.SeriesInstanceUID),
                    positionAlongNormal(ds),
                    source,
                    1);
        }

        /** Image Position (Patient) projected on the normal of Image Orientation (Patient), or null. */
        public static Double positionAlongNormal(Attributes ds) {
            double[] o = ds.getDoubles(Tag.ImageOrientationPatient);
            double[] p = ds.getDoubles(Tag.ImagePositionPatient);
            if (o == null || o.length != 6 || p == null || p.length != 3) {
                return null;
            }
            double nx = o[1] * o[5] - o[2] * o[4];
            double ny = o[2] * o[3] - o[0] * o[5];
            double nz = o[0] * o[4] - o[1] * o[3];
            return p[0] * nx + p[1] * ny + p[2] * nz;
        }
    }

    /** Kind of label source. */
    public enum LabelKind {
        /** A DICOM Segmentation instance. */
        SEG,
        /** A label set of the labeling service. */
        LABEL_SET
    }

    /**
     * Where the masks came from.
     *
     * @param kind SEG or label set
     * @param reference the SEG's SOP Instance UID, or the label set's id
     * @param description e.g. the model and version, or who corrected the labels
     */
    public record LabelSource(LabelKind kind, String reference, String description) {}

    /**
     * A result from its parts: BMI, SMI, what is missing and the sarcopenia reference are derived here.
     *
     * @param patientSex Patient Sex (0010,0040), null when absent
     * @param demoNotice the demo model's notice, or null when the masks are not from a demo model
     */
    public static BodyCompositionResult of(
            String studyInstanceUid,
            L3Slice l3,
            SliceMeasurement measurement,
            Anthropometrics body,
            String patientSex,
            Thresholds thresholds,
            LabelSource labels,
            String demoNotice) {
        double muscle = measurement.tissue(BodyTissue.SKELETAL_MUSCLE).areaCm2();
        DerivedValue bmi = body.bmi();
        DerivedValue smi = body.smi(muscle);
        List<String> missing = new ArrayList<>(body.missing());
        return new BodyCompositionResult(
                studyInstanceUid,
                l3,
                measurement.tissues(),
                body.height(),
                body.weight(),
                bmi,
                smi,
                missing,
                thresholds,
                labels,
                SarcopeniaReference.forPatient(patientSex, bmi.value()),
                demoNotice != null,
                demoNotice);
    }

    /** The measurement of {@code tissue}. */
    public TissueMeasurement tissue(BodyTissue tissue) {
        return tissues.get(tissue.ordinal());
    }
}
