package io.radflow.dicom.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RadflowDicomTest {
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RadflowDicom.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dumpPrintsElementsLikeDcmdump() {
        Result r = run("dump", CT.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("# Used TransferSyntax: 1.2.840.10008.1.2.1")
                .containsPattern("\\(0010,0010\\) PN \\[CompressedSamples\\^CT1\\] +# 22, 1 PatientName")
                .contains("(0028,0010) US 128")
                .contains("(7fe0,0010) OW (BulkData");
    }

    @Test
    void transcodeRewritesInAnotherSyntaxByUidOrKeyword() throws Exception {
        Path implicit = tmp.resolve("implicit.dcm");
        Path deflated = tmp.resolve("deflated.dcm");
        assertThat(run("transcode", "--ts", UID.ImplicitVRLittleEndian, CT.toString(), implicit.toString())
                        .status())
                .isZero();
        assertThat(run("transcode", "--ts", "DeflatedExplicitVRLittleEndian", implicit.toString(), deflated.toString())
                        .status())
                .isZero();
        try (DicomInputStream dis = new DicomInputStream(deflated)) {
            assertThat(dis.readDataset().getString(io.radflow.dicom.data.Tag.PatientName))
                    .isEqualTo("CompressedSamples^CT1");
            assertThat(dis.getTransferSyntax()).isEqualTo(UID.DeflatedExplicitVRLittleEndian);
        }
        assertThat(Files.list(tmp)).hasSize(2); // no .part files left
    }

    @Test
    void compressingWithoutACodecIsAClearError() {
        Result r = run(
                "transcode",
                "--ts",
                UID.JPEGLSLossless, // Radflow encodes RLE and JPEG 2000 lossless, not JPEG-LS
                CT.toString(),
                tmp.resolve("x.dcm").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("unsupported transfer syntax conversion").contains("no pixel data codec");
    }

    @Test
    void invalidInputAndUsageErrors() throws Exception {
        Path junk = tmp.resolve("junk.dcm");
        Files.writeString(junk, "this is not DICOM at all, just text");
        Result bad = run("dump", junk.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid DICOM").contains("offset");
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run("transcode", "x").err()).contains("usage: radflow-dicom transcode");
        assertThat(run("--help").out()).contains("dump").contains("transcode");
    }
}
