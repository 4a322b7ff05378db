package io.radflow.dicom.tool;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ElementDictionary;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes data sets as text in the style of dcmdump: {@code (gggg,eeee) VR value # length, VM
 * Keyword}, nested items indented by two spaces.
 */
public final class DumpWriter {
    private final PrintStream out;
    private final int maxValueChars;

    /** {@code maxValueChars}: longer values are cut and end with "...". */
    public DumpWriter(PrintStream out, int maxValueChars) {
        this.out = out;
        this.maxValueChars = maxValueChars;
    }

    /** Writes all elements of {@code attrs}. */
    public void write(Attributes attrs) {
        write(attrs, "");
    }

    private void write(Attributes attrs, String indent) {
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            VR vr = attrs.vrAt(i);
            Object v = attrs.valueAt(i);
            String keyword = keyword(tag);
            if (v instanceof Sequence seq) {
                line(indent, tag, vr.name(), "(Sequence with " + seq.size() + " items)", "u/l, 1 " + keyword);
                String inner = indent + "  ";
                for (int k = 0; k < seq.size(); k++) {
                    line(inner, Tag.Item, "na", "(Item #" + (k + 1) + ")", "u/l, 1 Item");
                    write(seq.get(k), inner + "  ");
                    line(inner, Tag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0, 0 ItemDelimitationItem");
                }
                line(
                        indent,
                        Tag.SequenceDelimitationItem,
                        "na",
                        "(SequenceDelimitationItem)",
                        "0, 0 SequenceDelimitationItem");
            } else if (v instanceof Fragments frags) {
                line(indent, tag, vr.name(), "(PixelSequence #=" + frags.size() + ")", "u/l, 1 " + keyword);
                for (int k = 0; k < frags.size(); k++) {
                    Object f = frags.get(k);
                    String desc = f instanceof BulkData bd ? bulk(bd) : hex((byte[]) f);
                    line(indent + "  ", Tag.Item, "pi", desc, frags.length(k) + ", 1 Item");
                }
                line(
                        indent,
                        Tag.SequenceDelimitationItem,
                        "na",
                        "(SequenceDelimitationItem)",
                        "0, 0 SequenceDelimitationItem");
            } else if (v instanceof BulkData bd) {
                line(indent, tag, vr.name(), bulk(bd), bd.length() + ", 1 " + keyword);
            } else {
                String[] s =
                        vr.isString() || vr.kind() == VR.Kind.BINARY && !isBytes(vr) ? attrs.getStrings(tag) : null;
                byte[] raw = attrs.getBytes(tag);
                int len = raw == null ? 0 : raw.length;
                String text;
                int vm;
                if (v == null || len == 0) {
                    text = "(no value available)";
                    vm = 0;
                } else if (s != null) {
                    text = vr.isString() ? "[" + String.join("\\", s) + "]" : String.join("\\", s);
                    vm = s.length;
                } else {
                    text = hex(raw);
                    vm = 1;
                }
                line(indent, tag, vr.name(), text, len + ", " + vm + " " + keyword);
            }
        }
    }

    private static boolean isBytes(VR vr) {
        return vr == VR.OB || vr == VR.OW || vr == VR.UN || vr == VR.OL || vr == VR.OV;
    }

    private static String keyword(int tag) {
        String k = ElementDictionary.keywordOf(tag);
        return k.isEmpty() ? (Tag.isPrivateTag(tag) ? "PrivateTag" : "Unknown Tag & Data") : k;
    }

    private static String bulk(BulkData bd) {
        return "(BulkData " + bd.uri() + " offset=" + bd.offset() + " length=" + bd.length() + ")";
    }

    private String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && sb.length() < maxValueChars; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private void line(String indent, int tag, String vr, String value, String comment) {
        String v = value.length() > maxValueChars ? value.substring(0, maxValueChars) + "..." : value;
        String text = indent + Tag.toString(tag).toLowerCase(Locale.ROOT) + " " + vr + " " + v;
        out.println(String.format(Locale.ROOT, "%-" + Math.max(56, text.length() + 1) + "s# %s", text, comment));
    }
}
