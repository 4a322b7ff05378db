package io.radflow.dicom.tool;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code dump [--full] FILE}: the elements of a file as text, like dcmdump. */
final class DumpCommand implements Subcommand {
    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String usage() {
        return "[--full] FILE   print the File Meta group and data set like dcmdump";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean full = args.contains("--full");
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) {
            throw new RadflowDicom.UsageException("expected one FILE");
        }
        try (DicomInputStream dis = new DicomInputStream(Path.of(files.get(0)))) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            Attributes fmi = dis.readFileMetaInformation();
            Attributes ds = dis.readDataset();
            DumpWriter w = new DumpWriter(out, full ? Integer.MAX_VALUE : 64);
            if (fmi != null) {
                out.println("# Dicom-Meta-Information-Header");
                out.println("# Used TransferSyntax: " + dis.getTransferSyntax());
                w.write(fmi);
                out.println();
            }
            out.println("# Dicom-Data-Set");
            w.write(ds);
        }
        return 0;
    }
}
