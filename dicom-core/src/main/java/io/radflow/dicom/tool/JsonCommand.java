package io.radflow.dicom.tool;

import com.fasterxml.jackson.core.JsonGenerator;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.json.BulkDataURIPolicy;
import io.radflow.dicom.json.JSONWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code json [--pretty] [--bulk-data BASE_URI] FILE}: the data set of a file in the DICOM JSON
 * Model (PS3.18 F.2) on stdout, binary values inline (base64) unless {@code --bulk-data} is given.
 */
final class JsonCommand implements Subcommand {
    @Override
    public String name() {
        return "json";
    }

    @Override
    public String usage() {
        return "[--pretty] [--bulk-data BASE_URI] FILE   print the data set as DICOM JSON (PS3.18 F.2);"
                + " --bulk-data writes BulkDataURI BASE_URI/TAGPATH for binary values of 1 KiB and more";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean pretty = false;
        String bulkBase = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--pretty" -> pretty = true;
                case "--bulk-data" -> {
                    if (++i >= args.size()) {
                        throw new RadflowDicom.UsageException("--bulk-data needs a BASE_URI");
                    }
                    bulkBase = args.get(i);
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new RadflowDicom.UsageException("unknown option " + a);
                    }
                    files.add(a);
                }
            }
        }
        if (files.size() != 1) {
            throw new RadflowDicom.UsageException("expected one FILE");
        }
        Attributes ds;
        try (DicomInputStream dis = new DicomInputStream(Path.of(files.get(0)))) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            BulkDataURIPolicy policy =
                    bulkBase == null ? BulkDataURIPolicy.INLINE : BulkDataURIPolicy.aboveThreshold(bulkBase, 1024);
            try (JsonGenerator gen = JSONWriter.createGenerator(out)) {
                if (pretty) {
                    gen.useDefaultPrettyPrinter();
                }
                new JSONWriter(gen).bulkDataURIPolicy(policy).write(ds);
            }
        }
        out.println();
        out.flush();
        return 0;
    }
}
