package io.radflow.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.MeasurementReport.Algorithm;
import io.radflow.dicom.sr.MeasurementReport.Evaluation;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.ImageRef;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.MeasurementReport.PlanarRoi;
import io.radflow.dicom.sr.MeasurementReport.VolumetricRoi;
import io.radflow.dicom.testing.SourceImages;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TID 1500 report → content tree → SR document → Part 10 → tree and report again, unchanged. */
class SrRoundTripTest {
    static final DerivedInstance INSTANCE = new DerivedInstance(
            null, null, 1002, "AI findings", 1, "radflow 0.1.0", "chest-xray-findings", LocalDateTime.now());
    static final Algorithm ALG = new Algorithm("chest-xray-findings", "1.0.0", List.of("threshold=0.5"));

    /** A report with each kind of group: planar ROI, volumetric ROI, no ROI (a per-study call). */
    static MeasurementReport.Report report(Attributes dx, Attributes ctSlice, String segUid) {
        ImageRef image = ImageRef.of(dx);
        Group box = new Group(
                MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI",
                UID.createUID(),
                Codes.PNEUMONIA,
                Codes.LUNG,
                PlanarRoi.box(image, 10.5f, 20f, 40f, 52.25f),
                List.of(
                        Measurement.of(Codes.AREA, 12.34, Codes.UCUM_SQUARE_CENTIMETER),
                        Measurement.of(Codes.PROBABILITY, 0.93, Codes.UCUM_NO_UNITS)),
                List.of(),
                ALG);
        Group volume = new Group(
                "Skeletal muscle at L3",
                UID.createUID(),
                Codes.SKELETAL_MUSCLE,
                Codes.L3_VERTEBRA,
                new VolumetricRoi(segUid, 1, ctSlice.getString(Tag.SeriesInstanceUID)),
                List.of(
                        Measurement.of(Codes.AREA, 151.2, Codes.UCUM_SQUARE_CENTIMETER),
                        Measurement.of(Codes.MEAN, 38.75, Codes.UCUM_HOUNSFIELD_UNIT)),
                List.of(),
                new Algorithm("body-composition", "1.0.0", List.of()));
        Group call = new Group(
                "Ground glass opacity (study)",
                UID.createUID(),
                Codes.GROUND_GLASS_OPACITY,
                null,
                null,
                List.of(Measurement.of(Codes.PROBABILITY, 0.9312345678901234, Codes.UCUM_NO_UNITS)),
                List.of(new Evaluation(Codes.GROUND_GLASS_OPACITY, Codes.PRESENT)),
                ALG);
        return new MeasurementReport.Report(
                new MeasurementReport.Device(UID.createUID(), "chest-xray-findings", "Radflow", "demo"),
                Codes.IMAGING_PROCEDURE,
                List.of(image, ImageRef.of(ctSlice)),
                List.of(box, volume, call));
    }

    static List<SrWriter.Evidence> evidence(Attributes dx, Attributes ct, String segUid) {
        return List.of(
                SrWriter.Evidence.of(dx),
                SrWriter.Evidence.of(ct),
                new SrWriter.Evidence(SourceImages.STUDY, "1.2.3.4", UID.SegmentationStorage, segUid));
    }

    @Test
    void comprehensiveSrRoundTripsTreeAndReport() throws Exception {
        Attributes dx = SourceImages.radiograph(64, 64);
        Attributes ct = SourceImages.ctStack(1, 8, 8, 1).get(0);
        String segUid = UID.createUID();
        MeasurementReport.Report report = report(dx, ct, segUid);
        ContentItem.Container tree = MeasurementReport.build(report);
        Attributes sr = SrWriter.write(tree, dx, INSTANCE, evidence(dx, ct, segUid));
        Attributes back = SourceImages.read(SourceImages.part10(sr));

        assertThat(back.getString(Tag.SOPClassUID)).isEqualTo(UID.ComprehensiveSRStorage);
        assertThat(back.getString(Tag.Modality)).isEqualTo("SR");
        assertThat(back.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(back.getNestedDataset(Tag.ContentTemplateSequence).getString(Tag.TemplateIdentifier))
                .isEqualTo("1500");
        ContentItem.Container read = SrReader.read(back);
        assertThat(read).isEqualTo(tree);
        assertThat(MeasurementReport.parse(read)).isEqualTo(report);
        // the probability was cut to a 16-character decimal string, once, before writing
        assertThat(report.groups().get(2).measurements().get(0).value().toPlainString())
                .hasSizeLessThanOrEqualTo(16);
        // evidence lists the three referenced instances in two series
        var evidence = back.getNestedDataset(Tag.CurrentRequestedProcedureEvidenceSequence);
        assertThat(evidence.getSequence(Tag.ReferencedSeriesSequence)).hasSize(2);
    }

    @Test
    void scoord3dMakesAComprehensive3dSr() throws Exception {
        Attributes ct = SourceImages.ctStack(1, 8, 8, 1).get(0);
        ContentItem.Container tree = MeasurementReport.build(new MeasurementReport.Report(
                new MeasurementReport.Device(UID.createUID(), "chest-ct-lesions", null, null),
                Codes.CT_UNSPECIFIED_BODY_REGION,
                List.of(ImageRef.of(ct)),
                List.of()));
        List<ContentItem> children = new ArrayList<>(tree.children());
        ContentItem.Container measurements = (ContentItem.Container) children.remove(children.size() - 1);
        ContentItem point = new ContentItem.Scoord3d(
                RelationshipType.CONTAINS,
                Codes.IMAGE_REGION,
                "POINT",
                new float[] {-12.5f, 30, 41.25f},
                SourceImages.FOR,
                List.of());
        ContentItem group = new ContentItem.Container(
                RelationshipType.CONTAINS,
                Codes.MEASUREMENT_GROUP,
                true,
                null,
                List.of(
                        new ContentItem.Text(
                                RelationshipType.HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, "Nodule 1", List.of()),
                        new ContentItem.UidRef(
                                RelationshipType.HAS_OBS_CONTEXT,
                                Codes.TRACKING_UNIQUE_IDENTIFIER,
                                UID.createUID(),
                                List.of()),
                        new ContentItem.CodeItem(RelationshipType.CONTAINS, Codes.FINDING, Codes.NODULE, List.of()),
                        point));
        children.add(new ContentItem.Container(
                measurements.relationship(), measurements.concept(), true, null, List.of(group)));
        ContentItem.Container tree3d =
                new ContentItem.Container(null, tree.concept(), true, "1500", List.copyOf(children));
        Attributes sr = SrWriter.write(tree3d, ct, INSTANCE, List.of(SrWriter.Evidence.of(ct)));
        Attributes back = SourceImages.read(SourceImages.part10(sr));
        assertThat(back.getString(Tag.SOPClassUID)).isEqualTo(UID.Comprehensive3DSRStorage);
        assertThat(SrReader.read(back)).isEqualTo(tree3d);
    }

    @Test
    void referencesWithoutEvidenceAndMalformedItemsAreErrors() throws Exception {
        Attributes dx = SourceImages.radiograph(64, 64);
        Attributes ct = SourceImages.ctStack(1, 8, 8, 1).get(0);
        ContentItem.Container tree = MeasurementReport.build(report(dx, ct, UID.createUID()));
        assertThatThrownBy(() -> SrWriter.write(tree, dx, INSTANCE, List.of(SrWriter.Evidence.of(dx))))
                .isInstanceOf(SrException.class)
                .hasMessageContaining("without evidence");

        String segUid = UID.createUID();
        Attributes sr =
                SrWriter.write(MeasurementReport.build(report(dx, ct, segUid)), dx, INSTANCE, evidence(dx, ct, segUid));
        Attributes libraryItem = sr.getSequence(Tag.ContentSequence).get(7); // Image Library
        libraryItem
                .getNestedDataset(Tag.ContentSequence)
                .getNestedDataset(Tag.ContentSequence)
                .remove(Tag.ReferencedSOPSequence);
        assertThatThrownBy(() -> SrReader.read(sr))
                .isInstanceOf(SrException.class)
                .hasMessageStartingWith("1.8.1.1: reference without Referenced SOP Sequence");
    }
}
