package io.radflow.teststudies.results;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
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
import io.radflow.dicom.sr.MeasurementReport.VolumetricRoi;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.teststudies.dx.DxFinding;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * SEG and SR objects made from test studies' ground truth, as the AI services will make them: a
 * body-composition SEG of an abdominal CT (muscle, subcutaneous and visceral fat, and an overlapping
 * "adipose tissue" segment), a lesion SEG on a multi-frame source, a findings SR on a radiograph
 * (boxes, probabilities, a per-study call), an SR measuring a SEG segment, and a Comprehensive 3D SR.
 */
final class ResultObjects {
    static final Algorithm BODY = new Algorithm("abdominal-ct-body-composition", "1.0.0", List.of());
    static final Algorithm XRAY = new Algorithm("chest-xray-findings", "1.0.0", List.of("threshold=0.5"));

    private ResultObjects() {}

    static DerivedInstance instance(int seriesNumber, String description, String model) {
        return new DerivedInstance(
                null, null, seriesNumber, description, 1, "radflow 0.1.0", model, LocalDateTime.now());
    }

    static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            return in.readDataset();
        }
    }

    static Path write(Attributes ds, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                DicomOutputStream dos = new DicomOutputStream(out, UID.ExplicitVRLittleEndian)) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        }
        return file;
    }

    /** The primary CT series' images, as read from the files (in file order). */
    static List<Attributes> ctImages(GroundTruth truth) throws IOException {
        List<Attributes> list = new ArrayList<>();
        for (int i = 0; i < truth.series().get(0).files().size(); i++) {
            Attributes ds = read(truth.file(i));
            ds.remove(Tag.PixelData);
            list.add(ds);
        }
        return list;
    }

    static byte[] mask(byte[] labels, IntPredicate label) {
        byte[] m = new byte[labels.length];
        for (int p = 0; p < labels.length; p++) {
            m[p] = (byte) (label.test(labels[p]) ? 1 : 0);
        }
        return m;
    }

    /** Segments 1-4: muscle, SAT, VAT, adipose tissue (= SAT ∪ VAT, overlapping both). */
    static Map<Segment, List<byte[]>> bodyComposition(GroundTruth truth) {
        var series = truth.study().ctStudy().primary();
        int n = truth.series().get(0).files().size();
        List<byte[]> muscle = new ArrayList<>();
        List<byte[]> sat = new ArrayList<>();
        List<byte[]> vat = new ArrayList<>();
        List<byte[]> fat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] labels = series.labels(i);
            muscle.add(mask(labels, l -> Tissue.ofLabel(l).isSkeletalMuscle()));
            sat.add(mask(labels, l -> l == Tissue.SUBCUTANEOUS_FAT.label));
            vat.add(mask(labels, l -> l == Tissue.VISCERAL_FAT.label));
            fat.add(mask(labels, l -> l == Tissue.SUBCUTANEOUS_FAT.label || l == Tissue.VISCERAL_FAT.label));
        }
        Map<Segment, List<byte[]>> m = new java.util.LinkedHashMap<>();
        m.put(segment(1, "Skeletal muscle", Codes.SKELETAL_MUSCLE, 230, 80, 60), muscle);
        m.put(segment(2, "Subcutaneous fat", Codes.SUBCUTANEOUS_ADIPOSE_TISSUE, 250, 220, 70), sat);
        m.put(segment(3, "Visceral fat", Codes.VISCERAL_ADIPOSE_TISSUE, 80, 200, 120), vat);
        m.put(segment(4, "Adipose tissue", Codes.ADIPOSE_TISSUE, 90, 120, 250), fat);
        return m;
    }

    private static Segment segment(int n, String label, Code type, int r, int g, int b) {
        return new Segment(
                n,
                label,
                Codes.TISSUE,
                type,
                Codes.ABDOMEN,
                AlgorithmType.AUTOMATIC,
                BODY.name(),
                BODY.version(),
                null,
                new int[] {r, g, b},
                "Demo model trained on synthetic phantoms; not for clinical use");
    }

    static Attributes bodyCompositionSeg(GroundTruth truth, List<Attributes> images) throws Exception {
        SegmentationWriter w =
                new SegmentationWriter(images).content("BODY_COMPOSITION", "Body composition (demo model)", null);
        // masks are given in the images' order: map file order to slice index by SOP Instance UID
        List<String> uids = truth.series().get(0).sopInstanceUids();
        for (var e : bodyComposition(truth).entrySet()) {
            List<byte[]> ordered = new ArrayList<>();
            for (Attributes image : images) {
                ordered.add(e.getValue().get(uids.indexOf(image.getString(Tag.SOPInstanceUID))));
            }
            w.add(e.getKey(), ordered);
        }
        return w.write(instance(1001, "AI body composition", BODY.name()));
    }

    /** The chest CT's slices as the frames of one multi-frame (Enhanced CT) image's metadata. */
    static Attributes multiFrameSource(List<Attributes> slices) {
        Attributes first = slices.get(0);
        Attributes mf = new Attributes(first);
        mf.setString(Tag.SOPClassUID, VR.UI, UID.EnhancedCTImageStorage);
        mf.setString(Tag.SOPInstanceUID, VR.UI, first.getString(Tag.SeriesInstanceUID) + ".9999");
        mf.setInt(Tag.NumberOfFrames, VR.IS, slices.size());
        for (int tag :
                new int[] {Tag.ImagePositionPatient, Tag.ImageOrientationPatient, Tag.PixelSpacing, Tag.SliceThickness
                }) {
            mf.remove(tag);
        }
        Attributes shared = new Attributes();
        Attributes ori = new Attributes();
        ori.setDouble(Tag.ImageOrientationPatient, VR.DS, first.getDoubles(Tag.ImageOrientationPatient));
        shared.newSequence(Tag.PlaneOrientationSequence, 1).add(ori);
        Attributes px = new Attributes();
        px.setDouble(Tag.PixelSpacing, VR.DS, first.getDoubles(Tag.PixelSpacing));
        px.setDouble(Tag.SliceThickness, VR.DS, first.getDouble(Tag.SliceThickness, 1));
        shared.newSequence(Tag.PixelMeasuresSequence, 1).add(px);
        mf.newSequence(Tag.SharedFunctionalGroupsSequence, 1).add(shared);
        Sequence pf = mf.newSequence(Tag.PerFrameFunctionalGroupsSequence, slices.size());
        for (Attributes s : slices) {
            Attributes item = new Attributes();
            Attributes pos = new Attributes();
            pos.setDouble(Tag.ImagePositionPatient, VR.DS, s.getDoubles(Tag.ImagePositionPatient));
            item.newSequence(Tag.PlanePositionSequence, 1).add(pos);
            pf.add(item);
        }
        return mf;
    }

    static List<byte[]> lesionMasks(GroundTruth truth, List<Attributes> slicesInFileOrder) {
        var series = truth.study().ctStudy().primary();
        List<String> uids = truth.series().get(0).sopInstanceUids();
        List<byte[]> list = new ArrayList<>();
        for (Attributes s : slicesInFileOrder) {
            byte[] labels = series.labels(uids.indexOf(s.getString(Tag.SOPInstanceUID)));
            list.add(mask(labels, l -> l == Tissue.GROUND_GLASS.label));
        }
        return list;
    }

    static Attributes lesionSegOnMultiFrame(Attributes mf, List<byte[]> masks) throws Exception {
        Segment lesion = new Segment(
                1,
                "Ground glass opacity",
                Codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                Codes.GROUND_GLASS_OPACITY,
                Codes.LUNG,
                AlgorithmType.AUTOMATIC,
                "chest-ct-lesions",
                "1.0.0",
                null,
                new int[] {255, 60, 60},
                null);
        return new SegmentationWriter(List.of(mf))
                .content("LESIONS", "Ground-glass lesions (demo model)", null)
                .add(lesion, masks)
                .write(instance(1002, "AI lesions", "chest-ct-lesions"));
    }

    /** Findings SR of a radiograph: one RectangleROI group per opacity, and the per-study call. */
    static MeasurementReport.Report xrayReport(Attributes dx, GroundTruth truth) {
        ImageRef image = ImageRef.of(dx);
        List<Group> groups = new ArrayList<>();
        double spacing = dx.getDoubles(Tag.ImagerPixelSpacing) == null ? 0.2 : dx.getDoubles(Tag.ImagerPixelSpacing)[0];
        for (DxFinding o : truth.dx().findings()) {
            double areaCm2 =
                    (o.columnMax() - o.columnMin() + 1) * (o.rowMax() - o.rowMin() + 1) * spacing * spacing / 100;
            groups.add(new Group(
                    MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI",
                    UID.createUID(),
                    Codes.PNEUMONIA,
                    Codes.LUNG,
                    PlanarRoi.box(image, o.columnMin(), o.rowMin(), o.columnMax() + 1, o.rowMax() + 1),
                    List.of(
                            Measurement.of(Codes.AREA, areaCm2, Codes.UCUM_SQUARE_CENTIMETER),
                            Measurement.of(Codes.PROBABILITY, 0.91, Codes.UCUM_NO_UNITS)),
                    List.of(),
                    XRAY));
        }
        groups.add(new Group(
                "Pneumonia (study)",
                UID.createUID(),
                Codes.PNEUMONIA,
                Codes.LUNG,
                null,
                List.of(Measurement.of(Codes.PROBABILITY, 0.93, Codes.UCUM_NO_UNITS)),
                List.of(new Evaluation(Codes.PNEUMONIA, Codes.PRESENT)),
                XRAY));
        return new MeasurementReport.Report(
                new MeasurementReport.Device(UID.createUID(), XRAY.name(), "Radflow", "demo model"),
                Codes.IMAGING_PROCEDURE,
                List.of(image),
                groups);
    }

    /** SR measuring the body-composition SEG's muscle segment at the L3 slice (TID 1411). */
    static MeasurementReport.Report bodyReport(Attributes l3, Attributes seg, GroundTruth truth) {
        double area = truth.primaryCt().l3Slice().skeletalMuscleAreaCm2();
        return new MeasurementReport.Report(
                new MeasurementReport.Device(UID.createUID(), BODY.name(), "Radflow", "demo model"),
                Codes.CT_UNSPECIFIED_BODY_REGION,
                List.of(ImageRef.of(l3)),
                List.of(new Group(
                        "Skeletal muscle at L3",
                        UID.createUID(),
                        Codes.SKELETAL_MUSCLE,
                        Codes.L3_VERTEBRA,
                        new VolumetricRoi(seg.getString(Tag.SOPInstanceUID), 1, l3.getString(Tag.SeriesInstanceUID)),
                        List.of(
                                Measurement.of(Codes.AREA, area, Codes.UCUM_SQUARE_CENTIMETER),
                                Measurement.of(Codes.MEAN, 45.0, Codes.UCUM_HOUNSFIELD_UNIT)),
                        List.of(),
                        BODY)));
    }

    static Attributes sr(MeasurementReport.Report report, Attributes source, List<Attributes> evidence, String model)
            throws Exception {
        return SrWriter.write(
                MeasurementReport.build(report),
                source,
                instance(1003, "AI report", model),
                evidence.stream().map(SrWriter.Evidence::of).toList());
    }

    /** Comprehensive 3D SR: a nodule marked by a SCOORD3D point at a lesion's centre. */
    static MeasurementReport.Report pointReport(Attributes slice) {
        double[] p = slice.getDoubles(Tag.ImagePositionPatient);
        return new MeasurementReport.Report(
                new MeasurementReport.Device(UID.createUID(), "chest-ct-lesions", "Radflow", "demo model"),
                Codes.CT_UNSPECIFIED_BODY_REGION,
                List.of(ImageRef.of(slice)),
                List.of(new Group(
                        "Lesion 1",
                        UID.createUID(),
                        Codes.GROUND_GLASS_OPACITY,
                        Codes.LUNG,
                        new MeasurementReport.PlanarRoi3d(
                                "POINT",
                                new float[] {(float) p[0] + 120, (float) p[1] + 150, (float) p[2]},
                                slice.getString(Tag.FrameOfReferenceUID)),
                        List.of(Measurement.of(Codes.PROBABILITY, 0.88, Codes.UCUM_NO_UNITS)),
                        List.of(new Evaluation(Codes.GROUND_GLASS_OPACITY, Codes.PRESENT)),
                        new Algorithm("chest-ct-lesions", "1.0.0", List.of()))));
    }
}
