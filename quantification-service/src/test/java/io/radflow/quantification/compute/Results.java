package io.radflow.quantification.compute;

import java.time.Instant;

/** Results for the export and picture tests. */
public final class Results {
    private Results() {}

    /** The result of an L3 case measured with its truth labels, height and weight from the tags. */
    public static BodyCompositionResult of(L3Case c, String demoNotice) {
        SliceMeasurement m = new SliceMeasurer().measure(c.slice(), c.masks());
        return BodyCompositionResult.of(
                c.truth().info().studyInstanceUid(),
                BodyCompositionResult.L3Slice.of(c.dataset(), BodyCompositionResult.L3Source.MODEL),
                m,
                Anthropometrics.fromTags(c.dataset()),
                c.dataset().getString(io.radflow.dicom.data.Tag.PatientSex),
                Thresholds.ALBERTA,
                new BodyCompositionResult.LabelSource(
                        BodyCompositionResult.LabelKind.SEG, "2.25.1234", "test-studies ground truth"),
                demoNotice);
    }

    /** A made-up result (no slice needed): muscle {@code muscleCm2}, height and weight as given or null. */
    public static BodyCompositionResult synthetic(int i, double muscleCm2, Double heightM, Double weightKg) {
        java.util.List<TissueMeasurement> t = new java.util.ArrayList<>();
        for (BodyTissue b : BodyTissue.values()) {
            double area = b == BodyTissue.SKELETAL_MUSCLE ? muscleCm2 : 10 + b.ordinal() + i % 7;
            Double mean = b == BodyTissue.SKELETAL_MUSCLE ? 44.5 : -95.0 - b.ordinal();
            t.add(new TissueMeasurement(b, b.displayName(), area / 0.0049, area, mean, 12.0));
        }
        Anthropometrics a = Anthropometrics.none();
        if (heightM != null) {
            a = a.withManualHeight(heightM, "annotator1", Instant.parse("2026-12-08T09:00:00Z"));
        }
        if (weightKg != null) {
            a = a.withManualWeight(weightKg, "annotator1", Instant.parse("2026-12-08T09:00:00Z"));
        }
        return BodyCompositionResult.of(
                "1.2.826.0.1.3680043.10.1." + i,
                new BodyCompositionResult.L3Slice(
                        "1.2.826.0.1.3680043.10.2." + i,
                        "1.2.826.0.1.3680043.10.3." + i,
                        -120.5 + i,
                        BodyCompositionResult.L3Source.ANNOTATOR,
                        1),
                new SliceMeasurement(1, t),
                a,
                i % 2 == 0 ? "F" : "M",
                Thresholds.ALBERTA,
                new BodyCompositionResult.LabelSource(
                        BodyCompositionResult.LabelKind.LABEL_SET, "label-set-" + i, "corrected by annotator1"),
                null);
    }
}
