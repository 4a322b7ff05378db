package io.radflow.dicom.tool;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.Segmentation;
import io.radflow.dicom.seg.SegmentationReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code seg FILE}: a segmentation's segments (number, label, property type, algorithm, colour) and
 * its frames (segment, source image and frame, position, pixel count).
 */
final class SegCommand implements Subcommand {
    @Override
    public String name() {
        return "seg";
    }

    @Override
    public String usage() {
        return "FILE   print a segmentation's segments and frames with their source images";
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
        Segmentation seg = SegmentationReader.read(ds);
        out.println("Segmentation " + seg.sopInstanceUid() + ": " + seg.rows() + "x" + seg.columns() + ", "
                + seg.frames().size() + " frames, source series " + seg.referencedSeriesUid());
        out.println("Segments:");
        for (Segment s : seg.segments()) {
            out.println("  " + s.number() + " \"" + s.label() + "\" " + s.type() + " in " + s.category() + ", "
                    + s.algorithmType()
                    + (s.algorithmName() == null ? "" : " " + s.algorithmName())
                    + (s.algorithmVersion() == null ? "" : " " + s.algorithmVersion())
                    + (s.rgb() == null ? "" : ", colour rgb" + Arrays.toString(s.rgb())));
        }
        out.println("Frames:");
        int i = 1;
        for (Segmentation.Frame f : seg.frames()) {
            int pixels = 0;
            for (byte b : f.mask()) {
                pixels += b;
            }
            out.println("  " + i++ + ": segment " + f.segmentNumber() + ", " + pixels + " pixels, source "
                    + f.sources().stream()
                            .map(r -> r.sopInstanceUid() + (r.frameNumber() > 0 ? " frame " + r.frameNumber() : ""))
                            .toList()
                    + (f.position() == null ? "" : ", position " + Arrays.toString(f.position())));
        }
        out.flush();
        return 0;
    }
}
