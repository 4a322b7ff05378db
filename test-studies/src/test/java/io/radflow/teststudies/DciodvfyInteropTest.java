package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.testing.Peers.Result;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.teststudies.iod.NameStyle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files against real peers: dicom3tools' {@code dciodvfy} finds no IOD errors or
 * warnings in CT (both series) and DX (PA and AP); pydicom reads every file without warnings, with
 * the positions, pixels and (Korean) patient names of the ground truth.
 */
class DciodvfyInteropTest {
    @TempDir
    static Path tmp;

    static SyntheticStudy abdomen = TestStudies.abdominalCt(7, 12).withNames(NameStyle.KOREAN_ISO_2022);
    static SyntheticStudy chest = TestStudies.chestCt(8, 12, 1).withNames(NameStyle.KOREAN_UTF8);
    static GroundTruth abdomenTruth;
    static GroundTruth chestTruth;
    static GroundTruth pa;
    static GroundTruth ap;

    @BeforeAll
    static void write() {
        abdomenTruth = abdomen.writeTo(tmp.resolve("abdomen"));
        chestTruth = chest.writeTo(tmp.resolve("chest"));
        pa = TestStudies.chestRadiograph(3, ViewPosition.PA, 2)
                .withNames(NameStyle.ASCII)
                .writeTo(tmp.resolve("pa"));
        ap = TestStudies.chestRadiograph(3, ViewPosition.AP, 0)
                .withSizeAndWeight(false)
                .writeTo(tmp.resolve("ap"));
    }

    @Test
    void dciodvfyReportsNoErrorsOrWarnings() throws IOException {
        String dciodvfy = Peers.require("dciodvfy", "dicom3tools").toString();
        List<Path> files = List.of(
                abdomenTruth.file(abdomenTruth.primaryCt().l3SliceIndex()),
                abdomenTruth.series().get(1).file(abdomenTruth.dir(), 0),
                chestTruth.file(3),
                pa.file(0),
                ap.file(0));
        for (Path f : files) {
            Result r = Peers.run(List.of(dciodvfy, f.toString()));
            assertThat(r.output()).as(f.toString()).doesNotContain("Error", "Warning");
            assertThat(r.output()).containsAnyOf("CTImage", "DXImageForPresentation");
        }
    }

    @Test
    void pydicomReadsPositionsPixelsAndKoreanNames() throws IOException {
        String python = Peers.requirePydicom();
        String script =
                """
                import sys, warnings, hashlib, pydicom
                warnings.simplefilter("error")
                for f in sys.argv[1:]:
                    ds = pydicom.dcmread(f)
                    a = ds.pixel_array
                    z = ds.ImagePositionPatient[2] if "ImagePositionPatient" in ds else ""
                    h = hashlib.sha256(a.astype(a.dtype.newbyteorder("<")).tobytes()).hexdigest()
                    print("|".join([ds.SOPInstanceUID, str(z), str(ds.PatientName), h, str(a.shape)]))
                """;
        List<String> cmd = new ArrayList<>(List.of(python, "-c", script));
        List<String> expected = new ArrayList<>();
        for (GroundTruth t : List.of(abdomenTruth, chestTruth)) {
            CtSeries series = t.study().ctStudy().primary();
            CtGroundTruth ct = t.primaryCt();
            for (int i = 0; i < ct.slices().size(); i++) {
                cmd.add(t.file(i).toString());
                expected.add(String.join(
                        "|",
                        ct.slices().get(i).sopInstanceUid(),
                        pythonFloat(ct.slices().get(i).z()),
                        t.patient().name(),
                        sha256(series.storedValues(i)),
                        "(512, 512)"));
            }
        }
        for (GroundTruth t : List.of(pa, ap)) {
            cmd.add(t.file(0).toString());
            expected.add(String.join(
                    "|",
                    t.series().get(0).sopInstanceUids().get(0),
                    "",
                    t.patient().name(),
                    sha256(t.study().radiograph().pixels(null)),
                    "(2048, 2048)"));
        }
        Result r = Peers.run(cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().lines().toList()).containsExactlyElementsOf(expected);
        assertThat(abdomenTruth.patient().name())
                .matches("[A-Za-z^]+=\\p{IsHan}+\\^\\p{IsHan}+=\\p{IsHangul}+\\^\\p{IsHangul}+");
        assertThat(chestTruth.patient().name()).contains("=");
        assertThat(Files.readAllBytes(abdomenTruth.file(0)))
                .as("ISO 2022 IR 149 escape sequence ESC $ ) C")
                .containsSequence(0x1B, '$', ')', 'C');
    }

    private static String pythonFloat(double z) {
        return z == Math.rint(z) ? Long.toString((long) z) : Double.toString(z);
    }

    static String sha256(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
