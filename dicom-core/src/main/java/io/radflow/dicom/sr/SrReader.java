package io.radflow.dicom.sr;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the content tree of an SR document (Basic Text, Enhanced, Comprehensive and Comprehensive
 * 3D SR) into {@link ContentItem}s. A malformed item ends in an {@link SrException} naming its
 * position in the tree ("1.3.2": the root's first child's third child's second child).
 */
public final class SrReader {
    private static final Set<String> SR_CLASSES = Set.of(
            UID.BasicTextSRStorage,
            UID.EnhancedSRStorage,
            UID.ComprehensiveSRStorage,
            UID.Comprehensive3DSRStorage,
            "1.2.840.10008.5.1.4.1.1.88.35"); // Extensible SR
    private static final int MAX_DEPTH = 64;

    private SrReader() {}

    /** The root container of an SR document. */
    public static ContentItem.Container read(Attributes ds) throws SrException {
        String cls = ds.getString(Tag.SOPClassUID);
        if (cls == null || !SR_CLASSES.contains(cls)) {
            throw new SrException("not a structured report: SOP Class " + cls);
        }
        if (!"CONTAINER".equals(ds.getString(Tag.ValueType))) {
            throw new SrException("root content item is not a CONTAINER: " + ds.getString(Tag.ValueType));
        }
        return (ContentItem.Container) decode(ds, null, "1", 0);
    }

    private static ContentItem decode(Attributes ds, RelationshipType rel, String path, int depth) throws SrException {
        if (depth > MAX_DEPTH) {
            throw new SrException(path + ": content tree deeper than " + MAX_DEPTH);
        }
        String vt = ds.getString(Tag.ValueType);
        if (vt == null) {
            throw new SrException(path + ": no Value Type");
        }
        Code concept = code(ds, Tag.ConceptNameCodeSequence, path, "Concept Name");
        List<ContentItem> children = new ArrayList<>();
        Sequence seq = ds.getSequence(Tag.ContentSequence);
        if (seq != null) {
            for (int i = 0; i < seq.size(); i++) {
                Attributes c = seq.get(i);
                String cp = path + "." + (i + 1);
                if (c.contains(Tag.ReferencedContentItemIdentifier)) {
                    throw new SrException(cp + ": by-reference content items are not supported");
                }
                children.add(decode(c, RelationshipType.ofDicom(c.getString(Tag.RelationshipType)), cp, depth + 1));
            }
        }
        children = List.copyOf(children);
        try {
            return switch (vt) {
                case "CONTAINER" -> {
                    Attributes t = ds.getNestedDataset(Tag.ContentTemplateSequence);
                    yield new ContentItem.Container(
                            rel,
                            concept,
                            !"CONTINUOUS".equals(ds.getString(Tag.ContinuityOfContent)),
                            t == null ? null : t.getString(Tag.TemplateIdentifier),
                            children);
                }
                case "TEXT" -> new ContentItem.Text(rel, concept, require(ds, Tag.TextValue, path), children);
                case "CODE" ->
                    new ContentItem.CodeItem(rel, concept, requireCode(ds, Tag.ConceptCodeSequence, path), children);
                case "NUM" -> num(ds, rel, concept, children, path);
                case "UIDREF" -> new ContentItem.UidRef(rel, concept, require(ds, Tag.UID, path), children);
                case "PNAME" -> new ContentItem.PName(rel, concept, require(ds, Tag.PersonName, path), children);
                case "DATETIME" -> new ContentItem.DateTime(rel, concept, require(ds, Tag.DateTime, path), children);
                case "IMAGE", "COMPOSITE" -> reference(ds, rel, concept, vt.equals("IMAGE"), children, path);
                case "SCOORD" ->
                    new ContentItem.Scoord(
                            rel, concept, require(ds, Tag.GraphicType, path), graphicData(ds, 2, path), children);
                case "SCOORD3D" -> {
                    float[] d = graphicData(ds, 3, path);
                    yield new ContentItem.Scoord3d(
                            rel,
                            concept,
                            require(ds, Tag.GraphicType, path),
                            d,
                            require(ds, Tag.ReferencedFrameOfReferenceUID, path),
                            children);
                }
                default -> throw new SrException(path + ": unsupported Value Type " + vt);
            };
        } catch (RuntimeException e) {
            throw new SrException(path + ": invalid " + vt + " content item: " + e.getMessage());
        }
    }

    private static ContentItem num(
            Attributes ds, RelationshipType rel, Code concept, List<ContentItem> children, String path)
            throws SrException {
        Attributes mv = ds.getNestedDataset(Tag.MeasuredValueSequence);
        if (mv == null) {
            throw new SrException(path + ": NUM without a measured value (empty values are not supported)");
        }
        String v = require(mv, Tag.NumericValue, path);
        BigDecimal value;
        try {
            value = new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw new SrException(path + ": Numeric Value " + v + " is not a number");
        }
        return new ContentItem.Num(
                rel, concept, value, requireCode(mv, Tag.MeasurementUnitsCodeSequence, path), children);
    }

    private static ContentItem reference(
            Attributes ds, RelationshipType rel, Code concept, boolean image, List<ContentItem> children, String path)
            throws SrException {
        Attributes ref = ds.getNestedDataset(Tag.ReferencedSOPSequence);
        if (ref == null) {
            throw new SrException(path + ": reference without Referenced SOP Sequence");
        }
        return new ContentItem.Reference(
                rel,
                concept,
                image,
                require(ref, Tag.ReferencedSOPClassUID, path),
                require(ref, Tag.ReferencedSOPInstanceUID, path),
                ref.getInts(Tag.ReferencedFrameNumber),
                ref.getInts(Tag.ReferencedSegmentNumber),
                children);
    }

    private static float[] graphicData(Attributes ds, int dimensions, String path) throws SrException {
        double[] d = ds.getDoubles(Tag.GraphicData);
        if (d == null || d.length == 0 || d.length % dimensions != 0) {
            throw new SrException(path + ": Graphic Data needs groups of " + dimensions + " values");
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static String require(Attributes ds, int tag, String path) throws SrException {
        String v = ds.getString(tag);
        if (v == null) {
            throw new SrException(path + ": " + io.radflow.dicom.data.ElementDictionary.keywordOf(tag) + " missing");
        }
        return v;
    }

    private static Code requireCode(Attributes ds, int tag, String path) throws SrException {
        Code c = code(ds, tag, path, io.radflow.dicom.data.ElementDictionary.keywordOf(tag));
        if (c == null) {
            throw new SrException(path + ": " + io.radflow.dicom.data.ElementDictionary.keywordOf(tag) + " missing");
        }
        return c;
    }

    private static Code code(Attributes ds, int tag, String path, String what) throws SrException {
        Attributes item = ds.getNestedDataset(tag);
        if (item == null) {
            return null;
        }
        try {
            return Code.of(item);
        } catch (IllegalArgumentException e) {
            throw new SrException(path + ": " + what + ": " + e.getMessage());
        }
    }
}
