package io.radflow.teststudies.compress;

import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.GroundTruth.SeriesTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lossless compressed copies of a written study, made with dcmtk ({@code dcmcrle}, {@code dcmcjpeg
 * +e1}, {@code dcmcjpls}; Debian package {@code dcmtk}) until Radflow's own encoders are in
 * dicom-core. The copies keep every UID and the folder layout: {@code <study>/compressed/<name>/
 * series-N/IMxxxx.dcm}. JPEG 2000 copies wait for dicom-core's encoder (no JPEG 2000 encoder is
 * installed here).
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

    /** Compresses one Part 10 file with dcmtk. */
    public static void compress(Path in, Path out, Compression c) throws IOException {
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
