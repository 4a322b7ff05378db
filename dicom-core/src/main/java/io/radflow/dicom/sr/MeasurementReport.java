package io.radflow.dicom.sr;

import static io.radflow.dicom.sr.RelationshipType.CONTAINS;
import static io.radflow.dicom.sr.RelationshipType.HAS_CONCEPT_MOD;
import static io.radflow.dicom.sr.RelationshipType.HAS_OBS_CONTEXT;
import static io.radflow.dicom.sr.RelationshipType.INFERRED_FROM;
import static io.radflow.dicom.sr.RelationshipType.SELECTED_FROM;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TID 1500 Imaging Measurement Report: the content tree Radflow writes for AI findings, boxes,
 * probabilities and measurements, and the same structure read back ({@link #parse}).
 *
 * <pre>
 * CONTAINER (126000, DCM, "Imaging Measurement Report") [TID 1500]
 *   HAS CONCEPT MOD  CODE Language of Content = en-US
 *   HAS OBS CONTEXT  CODE Observer Type = Device; UIDREF Device Observer UID; TEXT name, manufacturer, model
 *   HAS CONCEPT MOD  CODE Procedure reported
 *   CONTAINS CONTAINER Image Library > CONTAINER Image Library Group > IMAGE (each referenced image)
 *   CONTAINS CONTAINER Imaging Measurements
 *     CONTAINS CONTAINER Measurement Group (TID 1410 planar ROI, 1411 volumetric ROI or 1501 no ROI)
 *       HAS OBS CONTEXT TEXT Tracking Identifier; UIDREF Tracking Unique Identifier
 *       CONTAINS CODE Finding
 *       CONTAINS SCOORD Image Region > SELECTED FROM IMAGE         (TID 1410)
 *       CONTAINS SCOORD3D Image Region                             (TID 1410, Comprehensive 3D SR)
 *       CONTAINS IMAGE Referenced Segment; UIDREF Source series   (TID 1411)
 *       HAS CONCEPT MOD CODE Finding Site
 *       HAS CONCEPT MOD TEXT Algorithm Name, Version, Parameters   (TID 4019)
 *       CONTAINS NUM measurements; CODE qualitative evaluations
 *         INFERRED FROM SCOORD / SCOORD3D (a copy of the Image Region, without concept name)
 * </pre>
 *
 * <p>Each NUM of a planar ROI group repeats the group's Image Region as an INFERRED FROM child (TID 1419
 * is extensible; it is the TID 300 / TID 320 "inferred from spatial coordinates" form). OHIF 3.13's
 * Cornerstone adapters turn a group into an editable measurement only from that form: when a group has a
 * NUM they look for the SCOORD in the first NUM's content, and throw "No spatial coordinates group
 * found" otherwise; readers of TID 1410 (dcmtk, highdicom, {@link #parse}) use the group's Image Region.
 */
public final class MeasurementReport {
    /** Tracking identifier prefix by which OHIF 3 makes a planar ROI an editable measurement. */
    public static final String OHIF_TOOL_PREFIX = "Cornerstone3DTools@^0.1.0:";

    private MeasurementReport() {}

    /**
     * The device that made the report (TID 1004).
     *
     * @param uid Device Observer UID
     * @param name Device Observer Name (the algorithm)
     * @param manufacturer Device Observer Manufacturer
     * @param modelName Device Observer Model Name
     */
    public record Device(String uid, String name, String manufacturer, String modelName) {}

    /** TID 4019 Algorithm Identification. */
    public record Algorithm(String name, String version, List<String> parameters) {
        /** Name and version are required. */
        public Algorithm {
            Objects.requireNonNull(name, "algorithm name");
            Objects.requireNonNull(version, "algorithm version");
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }
    }

    /** A referenced image (or frame of a multi-frame image; frame 0 for none). */
    public record ImageRef(String sopClassUid, String sopInstanceUid, int frameNumber) {
        /** The reference to a single-frame image's data set. */
        public static ImageRef of(Attributes image) {
            return new ImageRef(image.getString(Tag.SOPClassUID), image.getString(Tag.SOPInstanceUID), 0);
        }

        ContentItem.Reference item(RelationshipType rel, Code concept) {
            return new ContentItem.Reference(
                    rel,
                    concept,
                    true,
                    sopClassUid,
                    sopInstanceUid,
                    frameNumber > 0 ? new int[] {frameNumber} : null,
                    null,
                    List.of());
        }
    }

    /** A region of interest of a measurement group: planar (TID 1410) or volumetric (TID 1411). */
    public sealed interface Roi {}

    /**
     * A planar ROI: an SCOORD in image pixel coordinates (column, row pairs) on one image.
     *
     * @param graphicType POLYLINE (closed: first point repeated last), POINT, CIRCLE, ELLIPSE, ...
     * @param data the coordinates
     * @param image the image they are on
     */
    public record PlanarRoi(String graphicType, float[] data, ImageRef image) implements Roi {
        /** A box as a closed 5-point POLYLINE (what OHIF's RectangleROI reads). */
        public static PlanarRoi box(ImageRef image, float x0, float y0, float x1, float y1) {
            return new PlanarRoi("POLYLINE", new float[] {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0}, image);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlanarRoi p
                    && graphicType.equals(p.graphicType)
                    && java.util.Arrays.equals(data, p.data)
                    && image.equals(p.image);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }
    }

    /**
     * A planar ROI in patient coordinates (SCOORD3D, x, y, z in mm): makes the document a
     * Comprehensive 3D SR.
     *
     * @param graphicType POINT, POLYLINE, POLYGON, ELLIPSE, ...
     * @param data the coordinates
     * @param frameOfReferenceUid their frame of reference
     */
    public record PlanarRoi3d(String graphicType, float[] data, String frameOfReferenceUid) implements Roi {
        @Override
        public boolean equals(Object o) {
            return o instanceof PlanarRoi3d p
                    && graphicType.equals(p.graphicType)
                    && java.util.Arrays.equals(data, p.data)
                    && frameOfReferenceUid.equals(p.frameOfReferenceUid);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }
    }

    /**
     * A volumetric ROI: a segment of a Segmentation.
     *
     * @param segmentationSopInstanceUid the SEG
     * @param segmentNumber the segment
     * @param sourceSeriesUid the series the SEG was made on
     */
    public record VolumetricRoi(String segmentationSopInstanceUid, int segmentNumber, String sourceSeriesUid)
            implements Roi {}

    /** A NUM measurement (TID 300), e.g. Area 12.3 cm2, Probability 0.93 (unit "1"). */
    public record Measurement(Code concept, BigDecimal value, Code unit) {
        /** The value rounded as the SR stores it (a Decimal String). */
        public Measurement {
            value = SrWriter.written(value);
        }

        /** From a double. */
        public static Measurement of(Code concept, double value, Code unit) {
            return new Measurement(concept, BigDecimal.valueOf(value), unit);
        }
    }

    /** A qualitative evaluation: a CODE item, e.g. (Ground glass opacity) = Present. */
    public record Evaluation(Code concept, Code value) {}

    /**
     * A measurement group.
     *
     * @param trackingId Tracking Identifier (free text; {@link #OHIF_TOOL_PREFIX} + tool for OHIF)
     * @param trackingUid Tracking Unique Identifier
     * @param finding Finding, or null
     * @param findingSite Finding Site, or null
     * @param roi the ROI, or null (TID 1501)
     * @param measurements NUM items
     * @param evaluations CODE items
     * @param algorithm the AI algorithm that made the group, or null (a person)
     */
    public record Group(
            String trackingId,
            String trackingUid,
            Code finding,
            Code findingSite,
            Roi roi,
            List<Measurement> measurements,
            List<Evaluation> evaluations,
            Algorithm algorithm) {
        /** Tracking identifier and UID are required; lists are copied. */
        public Group {
            Objects.requireNonNull(trackingId, "tracking identifier");
            Objects.requireNonNull(trackingUid, "tracking unique identifier");
            measurements = measurements == null ? List.of() : List.copyOf(measurements);
            evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
        }
    }

    /** What a report says, as {@link #parse} reads it. */
    public record Report(Device device, Code procedure, List<ImageRef> imageLibrary, List<Group> groups) {}

    /** The content tree of a report. */
    public static ContentItem.Container build(Report report) {
        List<ContentItem> root = new ArrayList<>();
        root.add(code(HAS_CONCEPT_MOD, Codes.LANGUAGE_OF_CONTENT, Codes.ENGLISH));
        Device d = report.device();
        root.add(code(HAS_OBS_CONTEXT, Codes.OBSERVER_TYPE, Codes.DEVICE));
        root.add(new ContentItem.UidRef(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_UID, d.uid(), List.of()));
        root.add(text(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_NAME, d.name()));
        if (d.manufacturer() != null) {
            root.add(text(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_MANUFACTURER, d.manufacturer()));
        }
        if (d.modelName() != null) {
            root.add(text(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_MODEL_NAME, d.modelName()));
        }
        root.add(code(HAS_CONCEPT_MOD, Codes.PROCEDURE_REPORTED, report.procedure()));
        List<ContentItem> images = new ArrayList<>();
        for (ImageRef ref : report.imageLibrary()) {
            images.add(ref.item(CONTAINS, null));
        }
        ContentItem libraryGroup =
                new ContentItem.Container(CONTAINS, Codes.IMAGE_LIBRARY_GROUP, true, null, List.copyOf(images));
        root.add(new ContentItem.Container(CONTAINS, Codes.IMAGE_LIBRARY, true, null, List.of(libraryGroup)));
        List<ContentItem> groups = new ArrayList<>();
        for (Group g : report.groups()) {
            groups.add(group(g));
        }
        root.add(new ContentItem.Container(CONTAINS, Codes.IMAGING_MEASUREMENTS, true, null, List.copyOf(groups)));
        return new ContentItem.Container(null, Codes.IMAGING_MEASUREMENT_REPORT, true, "1500", List.copyOf(root));
    }

    private static ContentItem group(Group g) {
        List<ContentItem> c = new ArrayList<>();
        c.add(text(HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, g.trackingId()));
        c.add(new ContentItem.UidRef(HAS_OBS_CONTEXT, Codes.TRACKING_UNIQUE_IDENTIFIER, g.trackingUid(), List.of()));
        if (g.finding() != null) {
            c.add(code(CONTAINS, Codes.FINDING, g.finding()));
        }
        List<ContentItem> inferredFrom = List.of();
        switch (g.roi()) {
            case PlanarRoi p -> {
                c.add(new ContentItem.Scoord(
                        CONTAINS,
                        Codes.IMAGE_REGION,
                        p.graphicType(),
                        p.data().clone(),
                        List.of(p.image().item(SELECTED_FROM, null))));
                inferredFrom = List.of(new ContentItem.Scoord(
                        INFERRED_FROM,
                        null,
                        p.graphicType(),
                        p.data().clone(),
                        List.of(p.image().item(SELECTED_FROM, null))));
            }
            case PlanarRoi3d p -> {
                c.add(new ContentItem.Scoord3d(
                        CONTAINS,
                        Codes.IMAGE_REGION,
                        p.graphicType(),
                        p.data().clone(),
                        p.frameOfReferenceUid(),
                        List.of()));
                inferredFrom = List.of(new ContentItem.Scoord3d(
                        INFERRED_FROM, null, p.graphicType(), p.data().clone(), p.frameOfReferenceUid(), List.of()));
            }
            case VolumetricRoi v -> {
                c.add(new ContentItem.Reference(
                        CONTAINS,
                        Codes.REFERENCED_SEGMENT,
                        true,
                        UID.SegmentationStorage,
                        v.segmentationSopInstanceUid(),
                        null,
                        new int[] {v.segmentNumber()},
                        List.of()));
                c.add(new ContentItem.UidRef(
                        CONTAINS, Codes.SOURCE_SERIES_FOR_SEGMENTATION, v.sourceSeriesUid(), List.of()));
            }
            case null -> {}
        }
        if (g.findingSite() != null) {
            c.add(code(HAS_CONCEPT_MOD, Codes.FINDING_SITE, g.findingSite()));
        }
        if (g.algorithm() != null) {
            c.add(text(HAS_CONCEPT_MOD, Codes.ALGORITHM_NAME, g.algorithm().name()));
            c.add(text(HAS_CONCEPT_MOD, Codes.ALGORITHM_VERSION, g.algorithm().version()));
            for (String p : g.algorithm().parameters()) {
                c.add(text(HAS_CONCEPT_MOD, Codes.ALGORITHM_PARAMETERS, p));
            }
        }
        for (Measurement m : g.measurements()) {
            c.add(new ContentItem.Num(CONTAINS, m.concept(), m.value(), m.unit(), inferredFrom));
        }
        for (Evaluation e : g.evaluations()) {
            c.add(code(CONTAINS, e.concept(), e.value()));
        }
        return new ContentItem.Container(CONTAINS, Codes.MEASUREMENT_GROUP, true, null, List.copyOf(c));
    }

    /** Reads a TID 1500 content tree. */
    public static Report parse(ContentItem.Container root) throws SrException {
        if (!Codes.IMAGING_MEASUREMENT_REPORT.equals(root.concept())) {
            throw new SrException("not an Imaging Measurement Report: root concept " + root.concept());
        }
        String uid = null;
        String name = null;
        String manufacturer = null;
        String model = null;
        Code procedure = null;
        List<ImageRef> library = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (ContentItem c : root.children()) {
            Code k = c.concept();
            if (c instanceof ContentItem.UidRef u && Codes.DEVICE_OBSERVER_UID.equals(k)) {
                uid = u.uid();
            } else if (c instanceof ContentItem.Text t && Codes.DEVICE_OBSERVER_NAME.equals(k)) {
                name = t.value();
            } else if (c instanceof ContentItem.Text t && Codes.DEVICE_OBSERVER_MANUFACTURER.equals(k)) {
                manufacturer = t.value();
            } else if (c instanceof ContentItem.Text t && Codes.DEVICE_OBSERVER_MODEL_NAME.equals(k)) {
                model = t.value();
            } else if (c instanceof ContentItem.CodeItem ci && Codes.PROCEDURE_REPORTED.equals(k)) {
                procedure = ci.value();
            } else if (Codes.IMAGE_LIBRARY.equals(k)) {
                collectImages(c, library);
            } else if (Codes.IMAGING_MEASUREMENTS.equals(k)) {
                for (ContentItem g : c.children()) {
                    if (g instanceof ContentItem.Container gc && Codes.MEASUREMENT_GROUP.equals(gc.concept())) {
                        groups.add(parseGroup(gc));
                    }
                }
            }
        }
        return new Report(new Device(uid, name, manufacturer, model), procedure, library, groups);
    }

    private static void collectImages(ContentItem item, List<ImageRef> out) {
        for (ContentItem c : item.children()) {
            if (c instanceof ContentItem.Reference r && r.image()) {
                out.add(ref(r));
            } else {
                collectImages(c, out);
            }
        }
    }

    private static ImageRef ref(ContentItem.Reference r) {
        int frame = r.frameNumbers() != null && r.frameNumbers().length > 0 ? r.frameNumbers()[0] : 0;
        return new ImageRef(r.sopClassUid(), r.sopInstanceUid(), frame);
    }

    private static Group parseGroup(ContentItem.Container g) throws SrException {
        String trackingId = null;
        String trackingUid = null;
        Code finding = null;
        Code site = null;
        Roi roi = null;
        String segUid = null;
        int segment = 0;
        String sourceSeries = null;
        String algName = null;
        String algVersion = null;
        List<String> params = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        for (ContentItem c : g.children()) {
            Code k = c.concept();
            switch (c) {
                case ContentItem.Text t when Codes.TRACKING_IDENTIFIER.equals(k) -> trackingId = t.value();
                case ContentItem.Text t when Codes.ALGORITHM_NAME.equals(k) -> algName = t.value();
                case ContentItem.Text t when Codes.ALGORITHM_VERSION.equals(k) -> algVersion = t.value();
                case ContentItem.Text t when Codes.ALGORITHM_PARAMETERS.equals(k) -> params.add(t.value());
                case ContentItem.UidRef u when Codes.TRACKING_UNIQUE_IDENTIFIER.equals(k) -> trackingUid = u.uid();
                case ContentItem.UidRef u when Codes.SOURCE_SERIES_FOR_SEGMENTATION.equals(k) -> sourceSeries = u.uid();
                case ContentItem.CodeItem ci when Codes.FINDING.equals(k) -> finding = ci.value();
                case ContentItem.CodeItem ci when Codes.FINDING_SITE.equals(k) -> site = ci.value();
                case ContentItem.CodeItem ci
                when c.relationship() == CONTAINS -> evaluations.add(new Evaluation(k, ci.value()));
                case ContentItem.Num n -> measurements.add(new Measurement(k, n.value(), n.unit()));
                case ContentItem.Scoord s -> {
                    ContentItem.Reference image = s.children().stream()
                            .filter(x -> x instanceof ContentItem.Reference)
                            .map(x -> (ContentItem.Reference) x)
                            .findFirst()
                            .orElseThrow(() -> new SrException("measurement group " + g.concept()
                                    + ": SCOORD without the IMAGE it is selected from"));
                    roi = new PlanarRoi(s.graphicType(), s.data(), ref(image));
                }
                case ContentItem.Reference r
                when Codes.REFERENCED_SEGMENT.equals(k) -> {
                    segUid = r.sopInstanceUid();
                    segment = r.segmentNumbers() != null && r.segmentNumbers().length > 0 ? r.segmentNumbers()[0] : 0;
                }
                default -> {}
            }
        }
        if (segUid != null) {
            roi = new VolumetricRoi(segUid, segment, sourceSeries);
        }
        if (trackingId == null || trackingUid == null) {
            throw new SrException("measurement group without tracking identifier and tracking unique identifier");
        }
        Algorithm alg = algName != null && algVersion != null ? new Algorithm(algName, algVersion, params) : null;
        return new Group(trackingId, trackingUid, finding, site, roi, measurements, evaluations, alg);
    }

    private static ContentItem code(RelationshipType rel, Code concept, Code value) {
        return new ContentItem.CodeItem(rel, concept, value, List.of());
    }

    private static ContentItem text(RelationshipType rel, Code concept, String value) {
        return new ContentItem.Text(rel, concept, value, List.of());
    }
}
