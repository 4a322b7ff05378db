package io.radflow.dicom.sr;

import io.radflow.dicom.code.Code;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A content item of a structured report (PS3.3 C.17.3), one record per value type. Every item has a
 * relationship to its parent (null for the root), a concept name (optional for some items below a
 * SELECTED FROM or other by-value reference) and children.
 */
public sealed interface ContentItem {
    /** Relationship to the parent, null for the root. */
    RelationshipType relationship();

    /** Concept Name, or null. */
    Code concept();

    /** The children, in order. */
    List<ContentItem> children();

    /** Value Type (0040,A040). */
    String valueType();

    /** CONTAINER; {@code templateId} is the Template Identifier (e.g. "1500") or null. */
    record Container(
            RelationshipType relationship,
            Code concept,
            boolean separate,
            String templateId,
            List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "CONTAINER";
        }
    }

    /** TEXT. */
    record Text(RelationshipType relationship, Code concept, String value, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "TEXT";
        }
    }

    /** CODE. */
    record CodeItem(RelationshipType relationship, Code concept, Code value, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "CODE";
        }
    }

    /** NUM: a measured value with its unit. */
    record Num(RelationshipType relationship, Code concept, BigDecimal value, Code unit, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "NUM";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n
                    && relationship == n.relationship
                    && Objects.equals(concept, n.concept)
                    && value.compareTo(n.value) == 0
                    && unit.equals(n.unit)
                    && children.equals(n.children);
        }

        @Override
        public int hashCode() {
            return Objects.hash(concept, unit);
        }
    }

    /** UIDREF. */
    record UidRef(RelationshipType relationship, Code concept, String uid, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "UIDREF";
        }
    }

    /** PNAME. */
    record PName(RelationshipType relationship, Code concept, String name, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "PNAME";
        }
    }

    /** DATETIME (a DICOM DT value). */
    record DateTime(RelationshipType relationship, Code concept, String value, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "DATETIME";
        }
    }

    /**
     * IMAGE or COMPOSITE: a referenced SOP instance, with frame numbers or segment numbers where
     * they select part of it.
     */
    record Reference(
            RelationshipType relationship,
            Code concept,
            boolean image,
            String sopClassUid,
            String sopInstanceUid,
            int[] frameNumbers,
            int[] segmentNumbers,
            List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return image ? "IMAGE" : "COMPOSITE";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reference r
                    && relationship == r.relationship
                    && Objects.equals(concept, r.concept)
                    && image == r.image
                    && sopClassUid.equals(r.sopClassUid)
                    && sopInstanceUid.equals(r.sopInstanceUid)
                    && Arrays.equals(frameNumbers, r.frameNumbers)
                    && Arrays.equals(segmentNumbers, r.segmentNumbers)
                    && children.equals(r.children);
        }

        @Override
        public int hashCode() {
            return sopInstanceUid.hashCode();
        }
    }

    /**
     * SCOORD: image coordinates (column, row pairs in pixels, PS3.3 C.18.6) of a POINT, MULTIPOINT,
     * POLYLINE, CIRCLE or ELLIPSE; its IMAGE child (SELECTED FROM) names the image.
     */
    record Scoord(
            RelationshipType relationship, Code concept, String graphicType, float[] data, List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "SCOORD";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Scoord s
                    && relationship == s.relationship
                    && Objects.equals(concept, s.concept)
                    && graphicType.equals(s.graphicType)
                    && Arrays.equals(data, s.data)
                    && children.equals(s.children);
        }

        @Override
        public int hashCode() {
            return Objects.hash(graphicType, Arrays.hashCode(data));
        }
    }

    /** SCOORD3D: patient coordinates (x, y, z in mm, FL as the standard stores them) in a frame of reference. */
    record Scoord3d(
            RelationshipType relationship,
            Code concept,
            String graphicType,
            float[] data,
            String frameOfReferenceUid,
            List<ContentItem> children)
            implements ContentItem {
        @Override
        public String valueType() {
            return "SCOORD3D";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Scoord3d s
                    && relationship == s.relationship
                    && Objects.equals(concept, s.concept)
                    && graphicType.equals(s.graphicType)
                    && Arrays.equals(data, s.data)
                    && frameOfReferenceUid.equals(s.frameOfReferenceUid)
                    && children.equals(s.children);
        }

        @Override
        public int hashCode() {
            return Objects.hash(graphicType, Arrays.hashCode(data));
        }
    }
}
