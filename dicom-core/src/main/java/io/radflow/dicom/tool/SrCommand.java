package io.radflow.dicom.tool;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.sr.ContentItem;
import io.radflow.dicom.sr.SrReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sr FILE}: the content tree of a structured report, indented, one item a line, as dcmtk's
 * {@code dsrdump} prints it: {@code <relationship VALUETYPE:(concept)=value>}.
 */
final class SrCommand implements Subcommand {
    @Override
    public String name() {
        return "sr";
    }

    @Override
    public String usage() {
        return "FILE   print a structured report's content tree (like dcmtk's dsrdump)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            throw new RadflowDicom.UsageException("expected one FILE");
        }
        Attributes ds;
        try (DicomInputStream dis = new DicomInputStream(Path.of(args.get(0)))) {
            ds = dis.readDataset();
        }
        print(SrReader.read(ds), 0, out);
        out.flush();
        return 0;
    }

    static void print(ContentItem item, int depth, PrintStream out) {
        StringBuilder sb = new StringBuilder("  ".repeat(depth)).append('<');
        if (item.relationship() != null) {
            sb.append(item.relationship().dicom().toLowerCase(java.util.Locale.ROOT))
                    .append(' ');
        }
        sb.append(item.valueType()).append(':');
        if (item.concept() != null) {
            sb.append(concept(item.concept()));
        }
        sb.append('=').append(value(item)).append('>');
        out.println(sb);
        for (ContentItem c : item.children()) {
            print(c, depth + 1, out);
        }
    }

    private static String concept(Code c) {
        return "(" + c.value() + "," + c.scheme() + ",\"" + c.meaning() + "\")";
    }

    private static String value(ContentItem item) {
        return switch (item) {
            case ContentItem.Container c ->
                (c.separate() ? "SEPARATE" : "CONTINUOUS")
                        + (c.templateId() == null ? "" : " [TID " + c.templateId() + "]");
            case ContentItem.Text t -> "\"" + t.value() + "\"";
            case ContentItem.CodeItem c -> concept(c.value());
            case ContentItem.Num n -> "\"" + n.value().toPlainString() + "\" " + concept(n.unit());
            case ContentItem.UidRef u -> "\"" + u.uid() + "\"";
            case ContentItem.PName p -> "\"" + p.name() + "\"";
            case ContentItem.DateTime d -> "\"" + d.value() + "\"";
            case ContentItem.Reference r ->
                "(" + r.sopClassUid() + "," + r.sopInstanceUid()
                        + (r.frameNumbers() == null ? "" : ",frames " + Arrays.toString(r.frameNumbers()))
                        + (r.segmentNumbers() == null ? "" : ",segments " + Arrays.toString(r.segmentNumbers())) + ")";
            case ContentItem.Scoord s -> "(" + s.graphicType() + "," + Arrays.toString(s.data()) + ")";
            case ContentItem.Scoord3d s ->
                "(" + s.graphicType() + "," + Arrays.toString(s.data()) + ",FoR " + s.frameOfReferenceUid() + ")";
        };
    }
}
