package io.radflow.dicom.web;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.MeasurementReport.Algorithm;
import io.radflow.dicom.sr.MeasurementReport.Evaluation;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.ImageRef;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.MeasurementReport.PlanarRoi;
import io.radflow.dicom.sr.SrWriter;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A lesion SEG and a findings SR on a CT series, as the chest CT pipeline writes them. */
final class TestResults {
    static final Algorithm LESIONS = new Algorithm("chest-ct-lesions", "1.0.0", List.of());

    private TestResults() {}

    static DerivedInstance instance(String series, String name, int seriesNumber) {
        return new DerivedInstance(
                DerivedInstance.uidFor(series + "/" + name + "/series"),
                DerivedInstance.uidFor(series + "/" + name + "/instance"),
                seriesNumber,
                "Radflow AI - chest CT lesions - 1.0.0",
                1,
                "radflow 0.1.0",
                LESIONS.name(),
                LocalDateTime.of(2024, 5, 1, 12, 0));
    }

    /** A SEG with one lesion segment: a 4 × 4 square on the middle image of {@code images}. */
    static Attributes seg(List<Attributes> images) throws Exception {
        SegmentationWriter w = new SegmentationWriter(images).content("LESIONS", "Lesions (test)", null);
        List<byte[]> masks = new ArrayList<>();
        int columns = images.get(0).getInt(Tag.Columns, 0);
        for (int i = 0; i < images.size(); i++) {
            byte[] m = null;
            if (i == images.size() / 2) {
                m = new byte[images.get(0).getInt(Tag.Rows, 0) * columns];
                for (int r = 10; r < 14; r++) {
                    for (int c = 10; c < 14; c++) {
                        m[r * columns + c] = 1;
                    }
                }
            }
            masks.add(m);
        }
        Segment lesion = new Segment(
                1,
                "Ground glass opacity",
                Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                Codes.GROUND_GLASS_OPACITY,
                Codes.LUNG,
                AlgorithmType.AUTOMATIC,
                LESIONS.name(),
                LESIONS.version(),
                null,
                new int[] {255, 60, 60},
                null);
        String series = images.get(0).getString(Tag.SeriesInstanceUID);
        return w.add(lesion, masks).write(instance(series, "seg", 1001));
    }

    /** A Comprehensive SR with one box on {@code image} and a probability. */
    static Attributes sr(Attributes image) throws Exception {
        ImageRef ref = ImageRef.of(image);
        String series = image.getString(Tag.SeriesInstanceUID);
        Group group = new Group(
                "Lesion 1",
                DerivedInstance.uidFor(series + "/sr/lesion-1"),
                Codes.GROUND_GLASS_OPACITY,
                Codes.LUNG,
                PlanarRoi.box(ref, 10, 10, 14, 14),
                List.of(Measurement.of(Codes.PROBABILITY, 0.87, Codes.UCUM_NO_UNITS)),
                List.of(new Evaluation(Codes.GROUND_GLASS_OPACITY, Codes.PRESENT)),
                LESIONS);
        MeasurementReport.Report report = new MeasurementReport.Report(
                new MeasurementReport.Device(
                        DerivedInstance.uidFor(series + "/device"), LESIONS.name(), "Radflow", "demo"),
                Codes.CT_UNSPECIFIED_BODY_REGION,
                List.of(ref),
                List.of(group));
        return SrWriter.write(
                MeasurementReport.build(report),
                image,
                instance(series, "sr", 1002),
                List.of(SrWriter.Evidence.of(image)));
    }
}
