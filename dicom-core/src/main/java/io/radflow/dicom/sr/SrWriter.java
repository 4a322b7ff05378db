package io.radflow.dicom.sr;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.iod.DerivedInstance;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a content tree as an SR document: Comprehensive SR (…88.33), or Comprehensive 3D SR
 * (…88.34) when the tree holds a SCOORD3D. The document's modules (SR Document Series, SR Document
 * General with the evidence of every referenced instance, SR Document Content) are written around
 * the root container.
 */
public final class SrWriter {
    private SrWriter() {}

    /**
     * An instance the report references, for the Current Requested Procedure Evidence Sequence.
     *
     * @param studyInstanceUid its study
     * @param seriesInstanceUid its series
     * @param sopClassUid its SOP class
     * @param sopInstanceUid its SOP instance
     */
    public record Evidence(
            String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
        /** The evidence entry of an instance's data set. */
        public static Evidence of(Attributes ds) {
            return new Evidence(
                    ds.getString(Tag.StudyInstanceUID),
                    ds.getString(Tag.SeriesInstanceUID),
                    ds.getString(Tag.SOPClassUID),
                    ds.getString(Tag.SOPInstanceUID));
        }
    }

    /**
     * The SR document.
     *
     * @param root the root container (no relationship)
     * @param source an instance of the study (Patient and Study modules are copied)
     * @param instance the new instance's series and equipment
     * @param evidence every instance the tree references
     * @throws SrException when the tree references an instance missing from {@code evidence}
     */
    public static Attributes write(
            ContentItem.Container root, Attributes source, DerivedInstance instance, List<Evidence> evidence)
            throws SrException {
        if (root.relationship() != null) {
            throw new SrException("the root container has no relationship type");
        }
        boolean threeD = contains3d(root);
        Attributes ds =
                instance.create(source, threeD ? UID.Comprehensive3DSRStorage : UID.ComprehensiveSRStorage, "SR");
        ds.setNull(Tag.ReferencedPerformedProcedureStepSequence, VR.SQ);
        ds.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        ds.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        ds.setNull(Tag.PerformedProcedureCodeSequence, VR.SQ);
        writeEvidence(ds, root, evidence);
        encodeValue(ds, root);
        ds.setString(Tag.ValueType, VR.CS, root.valueType());
        root.concept().setIn(ds, Tag.ConceptNameCodeSequence);
        ds.newSequence(Tag.ContentSequence, root.children().size());
        encodeChildren(ds, root);
        io.radflow.dicom.code.Code.declareRadflowScheme(ds);
        return ds;
    }

    private static void writeEvidence(Attributes ds, ContentItem root, List<Evidence> evidence) throws SrException {
        Map<String, Evidence> byInstance = new LinkedHashMap<>();
        evidence.forEach(e -> byInstance.put(e.sopInstanceUid(), e));
        List<Evidence> used = new ArrayList<>();
        collect(root, byInstance, used);
        Map<String, Map<String, List<Evidence>>> tree = new LinkedHashMap<>();
        for (Evidence e : used) {
            tree.computeIfAbsent(e.studyInstanceUid(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.seriesInstanceUid(), k -> new ArrayList<>())
                    .add(e);
        }
        Sequence studies = ds.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence, tree.size());
        for (var study : tree.entrySet()) {
            Attributes s = new Attributes(2);
            s.setString(Tag.StudyInstanceUID, VR.UI, study.getKey());
            Sequence series =
                    s.newSequence(Tag.ReferencedSeriesSequence, study.getValue().size());
            for (var se : study.getValue().entrySet()) {
                Attributes item = new Attributes(2);
                item.setString(Tag.SeriesInstanceUID, VR.UI, se.getKey());
                Sequence sops = item.newSequence(
                        Tag.ReferencedSOPSequence, se.getValue().size());
                for (Evidence e : se.getValue()) {
                    Attributes sop = new Attributes(2);
                    sop.setString(Tag.ReferencedSOPClassUID, VR.UI, e.sopClassUid());
                    sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, e.sopInstanceUid());
                    sops.add(sop);
                }
                series.add(item);
            }
            studies.add(s);
        }
    }

    private static void collect(ContentItem item, Map<String, Evidence> byInstance, List<Evidence> used)
            throws SrException {
        if (item instanceof ContentItem.Reference r) {
            Evidence e = byInstance.get(r.sopInstanceUid());
            if (e == null) {
                throw new SrException("the report references " + r.sopInstanceUid() + " without evidence for it");
            }
            if (!used.contains(e)) {
                used.add(e);
            }
        }
        for (ContentItem c : item.children()) {
            collect(c, byInstance, used);
        }
    }

    private static boolean contains3d(ContentItem item) {
        return item instanceof ContentItem.Scoord3d || item.children().stream().anyMatch(SrWriter::contains3d);
    }

    private static void encodeChildren(Attributes ds, ContentItem parent) throws SrException {
        Sequence seq = ds.getSequence(Tag.ContentSequence);
        for (ContentItem c : parent.children()) {
            seq.add(encode(c));
        }
    }

    private static Attributes encode(ContentItem item) throws SrException {
        if (item.relationship() == null) {
            throw new SrException("content item " + item.concept() + " without a relationship type");
        }
        Attributes ds = new Attributes(8);
        ds.setString(Tag.RelationshipType, VR.CS, item.relationship().dicom());
        ds.setString(Tag.ValueType, VR.CS, item.valueType());
        if (item.concept() != null) {
            item.concept().setIn(ds, Tag.ConceptNameCodeSequence);
        }
        encodeValue(ds, item);
        if (!item.children().isEmpty()) {
            ds.newSequence(Tag.ContentSequence, item.children().size());
            encodeChildren(ds, item);
        }
        return ds;
    }

    private static void encodeValue(Attributes ds, ContentItem item) {
        switch (item) {
            case ContentItem.Container c -> {
                ds.setString(Tag.ContinuityOfContent, VR.CS, c.separate() ? "SEPARATE" : "CONTINUOUS");
                if (c.templateId() != null) {
                    Attributes t = new Attributes(2);
                    t.setString(Tag.MappingResource, VR.CS, "DCMR");
                    t.setString(Tag.TemplateIdentifier, VR.CS, c.templateId());
                    ds.newSequence(Tag.ContentTemplateSequence, 1).add(t);
                }
            }
            case ContentItem.Text t -> ds.setString(Tag.TextValue, VR.UT, t.value());
            case ContentItem.CodeItem c -> c.value().setIn(ds, Tag.ConceptCodeSequence);
            case ContentItem.Num n -> {
                Attributes mv = new Attributes(2);
                n.unit().setIn(mv, Tag.MeasurementUnitsCodeSequence);
                mv.setString(Tag.NumericValue, VR.DS, decimalString(n.value()));
                ds.newSequence(Tag.MeasuredValueSequence, 1).add(mv);
            }
            case ContentItem.UidRef u -> ds.setString(Tag.UID, VR.UI, u.uid());
            case ContentItem.PName p -> ds.setString(Tag.PersonName, VR.PN, p.name());
            case ContentItem.DateTime d -> ds.setString(Tag.DateTime, VR.DT, d.value());
            case ContentItem.Reference r -> {
                Attributes ref = new Attributes(4);
                ref.setString(Tag.ReferencedSOPClassUID, VR.UI, r.sopClassUid());
                ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
                if (r.frameNumbers() != null && r.frameNumbers().length > 0) {
                    ref.setInt(Tag.ReferencedFrameNumber, VR.IS, r.frameNumbers());
                }
                if (r.segmentNumbers() != null && r.segmentNumbers().length > 0) {
                    ref.setInt(Tag.ReferencedSegmentNumber, VR.US, r.segmentNumbers());
                }
                ds.newSequence(Tag.ReferencedSOPSequence, 1).add(ref);
            }
            case ContentItem.Scoord s -> {
                ds.setString(Tag.GraphicType, VR.CS, s.graphicType());
                ds.setDouble(Tag.GraphicData, VR.FL, doubles(s.data()));
            }
            case ContentItem.Scoord3d s -> {
                ds.setString(Tag.GraphicType, VR.CS, s.graphicType());
                ds.setDouble(Tag.GraphicData, VR.FL, doubles(s.data()));
                ds.setString(Tag.ReferencedFrameOfReferenceUID, VR.UI, s.frameOfReferenceUid());
            }
        }
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The value as a Decimal String of at most 16 characters. */
    static String decimalString(BigDecimal value) {
        String s = value.stripTrailingZeros().toPlainString();
        for (int digits = 15; s.length() > 16 && digits > 0; digits--) {
            s = value.round(new MathContext(digits)).stripTrailingZeros().toString();
        }
        return s;
    }

    /** The value rounded as it will be written (for trees that must round-trip exactly). */
    public static BigDecimal written(BigDecimal value) {
        return new BigDecimal(decimalString(value));
    }
}
