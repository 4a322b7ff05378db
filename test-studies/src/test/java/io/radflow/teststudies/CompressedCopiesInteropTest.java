package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import io.radflow.teststudies.compress.CompressedCopies;
import io.radflow.teststudies.compress.Compression;
import io.radflow.teststudies.dx.ViewPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed copies made with dcmtk decode (dcmtk back to native, then pydicom) to exactly the
 * generated pixels, keep their UIDs, and pass dciodvfy.
 */
class CompressedCopiesInteropTest {
    @TempDir
    Path tmp;

    private static final String HASH =
            """
            import sys, warnings, hashlib, pydicom
            warnings.simplefilter("error")
            for f in sys.argv[1:]:
                ds = pydicom.dcmread(f)
                a = ds.pixel_array
                print(ds.SOPInstanceUID, hashlib.sha256(a.astype(a.dtype.newbyteorder("<")).tobytes()).hexdigest())
            """;

    @Test
    void compressedCopiesAreLosslessAndKeepUids() throws Exception {
        for (String tool : List.of("dcmcrle", "dcmcjpeg", "dcmcjpls", "dcmdrle", "dcmdjpeg", "dcmdjpls", "dcmdump")) {
            Peers.require(tool, "dcmtk");
        }
        Peers.require("dciodvfy", "dicom3tools");
        Peers.requirePydicom();
        GroundTruth ct = TestStudies.chestCt(4, 3, 0).writeTo(tmp.resolve("ct"));
        GroundTruth dx = TestStudies.chestRadiograph(4, ViewPosition.PA, 1).writeTo(tmp.resolve("dx"));
        List<String> originals = new ArrayList<>();
        for (GroundTruth t : List.of(ct, dx)) {
            for (GroundTruth.SeriesTruth s : t.series()) {
                for (String f : s.files()) {
                    originals.add(t.dir().resolve(f).toString());
                }
            }
        }
        String expected = python(originals);
        for (Compression c : Compression.values()) {
            List<String> decoded = new ArrayList<>();
            for (GroundTruth t : List.of(ct, dx)) {
                Path root = CompressedCopies.write(t, c);
                for (GroundTruth.SeriesTruth s : t.series()) {
                    for (String f : s.files()) {
                        Path copy = root.resolve(f);
                        assertThat(transferSyntax(copy)).as(c.name()).contains(c.transferSyntaxUid);
                        assertThat(Files.size(copy))
                                .isLessThan(Files.size(t.dir().resolve(f)));
                        if (decompressor(c) == null) {
                            // no dcmtk decoder for JPEG 2000: pydicom decodes the copy itself
                            decoded.add(copy.toString());
                            continue;
                        }
                        Path back = tmp.resolve("native-" + c.cliName + "-" + decoded.size() + ".dcm");
                        run(List.of(decompressor(c), copy.toString(), back.toString()));
                        decoded.add(back.toString());
                    }
                }
            }
            assertThat(python(decoded)).as(c.name()).isEqualTo(expected);
            Path copy = ct.dir()
                    .resolve("compressed")
                    .resolve(c.cliName)
                    .resolve(ct.series().get(0).files().get(0));
            String dciodvfy = run(List.of("dciodvfy", copy.toString()));
            assertThat(dciodvfy).as(c.name()).doesNotContain("Error");
        }
    }

    private static String decompressor(Compression c) {
        return switch (c) {
            case RLE -> "dcmdrle";
            case JPEG_LOSSLESS -> "dcmdjpeg";
            case JPEG_LS_LOSSLESS -> "dcmdjpls";
            case JPEG_2000_LOSSLESS -> null;
        };
    }

    private static String transferSyntax(Path file) throws IOException {
        return run(List.of("dcmdump", "-q", "+P", "0002,0010", "-Un", file.toString()));
    }

    private String python(List<String> files) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", HASH));
        cmd.addAll(files);
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
