package io.radflow.dicom.tool;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.Transcoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code transcode --ts UID IN OUT}: rewrites a file in another transfer syntax. */
final class TranscodeCommand implements Subcommand {
    @Override
    public String name() {
        return "transcode";
    }

    @Override
    public String usage() {
        return "--ts UID|KEYWORD IN OUT   rewrite IN in another transfer syntax";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 4 || !args.get(0).equals("--ts")) {
            throw new RadflowDicom.UsageException("expected --ts UID IN OUT");
        }
        String ts = args.get(1);
        if (!UID.isValid(ts)) {
            String byKeyword = UID.forKeyword(ts);
            if (byKeyword == null) {
                throw new RadflowDicom.UsageException("not a transfer syntax UID or keyword: " + ts);
            }
            ts = byKeyword;
        }
        if (!"Transfer Syntax".equals(UID.typeOf(ts))) {
            throw new RadflowDicom.UsageException("not a transfer syntax: " + ts);
        }
        Transcoder.transcode(Path.of(args.get(2)), Path.of(args.get(3)), ts);
        return 0;
    }
}
