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
 * 1411; area in {@code cm2}, mean and SD in {@code [hnsf'U]}); then, for each tissue given with its
 * pixels on the L3 slice, a planar ROI group (TID 1410) that a viewer can draw: tracking identifier
 * {@link MeasurementReport#OHIF_TOOL_PREFIX} + {@value #OUTLINE_TOOL}, finding = the tissue, site =
 * L3, a closed SCOORD POLYLINE on the L3 image outlining the tissue's <em>largest connected
 * region</em> ({@link RegionOutline}) and, as its Area, that region's own area (its pixels × pixel
 * area; not the tissue's total, which the 1411 group states); an algorithm parameter says so. Last,
 * one group for the indices (SMI in {@code cm2/m2}, BMI in {@code kg/m2}, height in {@code m}, weight
 * in {@code kg}, TID 1501) whose algorithm parameters say where height and weight came from and what
 * is missing. The L3 image is the image library; the SEG and the image are the evidence.
 *
 * <p>OHIF 3.13 draws only groups with spatial coordinates: it hydrates the 1410 groups into its
 * PlanarFreehandROI tool (the Cornerstone adapters' tool for a POLYLINE whose first and last points
 * are equal), but only from an SR in which <em>every</em> group has spatial coordinates: any group
 * without (1411, 1501) makes its SR loader throw ({@code measurement.coords[0]} undefined in
 * {@code _checkIfCanAddMeasurementsToDisplaySet}), the viewport stays empty and tracking is never
 * offered. {@link #outlines} therefore copies the outline groups into an SR of their own, which OHIF
 * tracks and draws.
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
     * @param l3Pixels the pixels counted for the tissue on the L3 slice (Rows × Columns of the L3
     *     image, row by row, non-zero inside), or null: no outline group. Not copied.
     */
    public record Tissue(
            Code concept,
            String name,
            Integer segmentNumber,
            double areaCm2,
            Double meanHu,
            Double sdHu,
            byte[] l3Pixels) {
        /** A tissue without its L3 pixels (no outline group). */
        public Tissue(Code concept, String name, Integer segmentNumber, double areaCm2, Double meanHu, Double sdHu) {
            this(concept, name, segmentNumber, areaCm2, meanHu, sdHu, null);
        }
    }

    /** The OHIF / Cornerstone tool of the outline groups (closed SCOORD POLYLINE). */
    public static final String OUTLINE_TOOL = "PlanarFreehandROI";

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
     * @throws SrException when the tree cannot be encoded, a tissue's L3 pixels do not fit the L3
     *     image's Rows × Columns, or OpenCV (for the outlines) cannot be loaded
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
        for (Tissue t : tissues) {
            if (t.l3Pixels() != null) {
                Group outline = outline(uidSeed, t, algorithm, l3Image);
                if (outline != null) {
                    groups.add(outline);
                }
            }
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

    /**
     * The outline groups (TID 1410) of a report {@link #write} made, alone in an SR of their own: what
     * OHIF 3.13 can load (it cannot load an SR with groups that have no spatial coordinates). Same
     * groups, device, image library and L3 evidence.
     *
     * @param report the body-composition SR
     * @param l3Image the L3 slice's data set
     * @param identity the outline SR's series and instance
     * @return the SR, or null when the report has no outline group
     * @throws SrException when the report cannot be read or the SR encoded
     */
    public static Attributes outlines(Attributes report, Attributes l3Image, DerivedInstance identity)
            throws SrException {
        MeasurementReport.Report r = MeasurementReport.parse(SrReader.read(report));
        List<Group> planar = r.groups().stream()
                .filter(g -> g.roi() instanceof MeasurementReport.PlanarRoi)
                .toList();
        if (planar.isEmpty()) {
            return null;
        }
        return SrWriter.write(
                MeasurementReport.build(
                        new MeasurementReport.Report(r.device(), r.procedure(), r.imageLibrary(), planar)),
                l3Image,
                identity,
                List.of(SrWriter.Evidence.of(l3Image)));
    }

    /** The planar ROI group outlining the tissue's largest region on L3, or null when it has no pixel. */
    private static Group outline(String uidSeed, Tissue t, MeasurementReport.Algorithm algorithm, Attributes l3Image)
            throws SrException {
        int rows = l3Image.getInt(Tag.Rows, 0);
        int columns = l3Image.getInt(Tag.Columns, 0);
        if (t.l3Pixels().length != (long) rows * columns) {
            throw new SrException(
                    t.name() + ": " + t.l3Pixels().length + " L3 pixels for a " + rows + " x " + columns + " image");
        }
        RegionOutline o =
                RegionOutline.largestRegion(t.l3Pixels(), rows, columns).orElse(null);
        if (o == null) {
            return null;
        }
        double[] spacing = l3Image.getDoubles(Tag.PixelSpacing);
        List<Measurement> ms = new ArrayList<>();
        if (spacing != null && spacing.length == 2 && spacing[0] > 0 && spacing[1] > 0) {
            double cm2 = o.regionPixels() * spacing[0] * spacing[1] / 100;
            ms.add(Measurement.of(Codes.AREA, round(cm2, 2), Codes.UCUM_SQUARE_CENTIMETER));
        }
        List<String> parameters = new ArrayList<>(algorithm.parameters());
        parameters.add(String.format(
                java.util.Locale.ROOT,
                "outline: largest connected region of the tissue's pixels on the L3 slice (%d of %d pixels, %d"
                        + " region%s); its area is that region's, not the tissue's total; drawn along the pixel"
                        + " edges, simplified to %d points, %d hole%s cut out, %d under %d pixels filled",
                o.regionPixels(),
                o.maskPixels(),
                o.regions(),
                o.regions() == 1 ? "" : "s",
                o.points(),
                o.holesCut(),
                o.holesCut() == 1 ? "" : "s",
                o.holesFilled(),
                RegionOutline.MIN_HOLE_PIXELS));
        return new Group(
                MeasurementReport.OHIF_TOOL_PREFIX + OUTLINE_TOOL,
                DerivedInstance.uidFor(
                        uidSeed + "/" + t.concept().scheme() + "/" + t.concept().value() + "/outline"),
                t.concept(),
                Codes.L3_VERTEBRA,
                new MeasurementReport.PlanarRoi("POLYLINE", o.polyline(), MeasurementReport.ImageRef.of(l3Image)),
                ms,
                List.of(),
                new MeasurementReport.Algorithm(algorithm.name(), algorithm.version(), parameters));
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
