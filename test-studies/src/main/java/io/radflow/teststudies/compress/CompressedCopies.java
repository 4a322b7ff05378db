package io.radflow.teststudies.compress;

import io.radflow.dicom.io.Transcoder;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.GroundTruth.SeriesTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lossless compressed copies of a written study: RLE, JPEG lossless and JPEG-LS made with dcmtk
 * ({@code dcmcrle}, {@code dcmcjpeg +e1}, {@code dcmcjpls}; Debian package {@code dcmtk}), an
 * independent encoder, and JPEG 2000 lossless made with dicom-core's own encoder. The copies keep every
 * UID and the folder layout: {@code <study>/compressed/<name>/series-N/IMxxxx.dcm}.
 */
public final class CompressedCopies {
    private CompressedCopies() {}

    /** Compresses every file of the study; returns the folder of the copies. */
    public static Path write(GroundTruth truth, Compression c) throws IOException {
        Path root = truth.dir().resolve("compressed").resolve(c.cliName);
        for (SeriesTruth s : truth.series()) {
            for (String f : s.files()) {
                Path out = root.resolve(f);
                Files.createDirectories(out.getParent());
                compress(truth.dir().resolve(f), out, c);
            }
        }
        return root;
    }

    /** Compresses one Part 10 file with dcmtk, or with dicom-core where the compression names no tool. */
    public static void compress(Path in, Path out, Compression c) throws IOException {
        if (c.dcmtkCommand.isEmpty()) {
            Transcoder.transcode(in, out, c.transferSyntaxUid);
            return;
        }
        List<String> cmd = new ArrayList<>(c.dcmtkCommand);
        cmd.add(in.toString());
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
