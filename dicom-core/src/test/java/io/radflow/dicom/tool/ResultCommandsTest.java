package io.radflow.dicom.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrRoundTripTestAccess;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.dicom.testing.SourceImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code radflow-dicom sr FILE} and {@code seg FILE} on objects the writers made; errors exit 1. */
class ResultCommandsTest {
    @TempDir
    Path dir;

    @Test
    void srPrintsTheIndentedContentTree() throws Exception {
        Attributes dx = SourceImages.radiograph(64, 64);
        Attributes ct = SourceImages.ctStack(1, 8, 8, 1).get(0);
        String segUid = UID.createUID();
        Attributes sr = SrWriter.write(
                MeasurementReport.build(SrRoundTripTestAccess.report(dx, ct, segUid)),
                dx,
                SrRoundTripTestAccess.INSTANCE,
                SrRoundTripTestAccess.evidence(dx, ct, segUid));
        Path file = Files.write(dir.resolve("sr.dcm"), SourceImages.part10(sr));
        String[] out = run("sr", file);
        assertThat(out[0]).isEmpty();
        assertThat(out[1].lines().toList())
                .startsWith("<CONTAINER:(126000,DCM,\"Imaging Measurement Report\")=SEPARATE [TID 1500]>")
                .contains(
                        "      <has obs context TEXT:(112039,DCM,\"Tracking Identifier\")="
                                + "\"Cornerstone3DTools@^0.1.0:RectangleROI\">",
                        "      <contains SCOORD:(111030,DCM,\"Image Region\")=(POLYLINE,"
                                + "[10.5, 20.0, 40.0, 20.0, 40.0, 52.25, 10.5, 52.25, 10.5, 20.0])>",
                        "      <contains NUM:(122157,DCM,\"Probability\")=\"0.93\" (1,UCUM,\"no units\")>",
                        "      <contains CODE:(112120,DCM,\"Ground glass opacity\")=(52101004,SCT,\"Present\")>");
    }

    @Test
    void segPrintsSegmentsAndFramesWithTheirSources() throws Exception {
        List<Attributes> ct = SourceImages.ctStack(3, 4, 4, 1);
        byte[] m = new byte[16];
        m[5] = m[6] = 1;
        Attributes seg = new SegmentationWriter(ct)
                .add(
                        io.radflow.dicom.seg.SegmentationRoundTripTestAccess.segment(
                                1, "Muscle", AlgorithmType.AUTOMATIC),
                        java.util.Arrays.asList(null, m, null))
                .write(SrRoundTripTestAccess.INSTANCE);
        Path file = Files.write(dir.resolve("seg.dcm"), SourceImages.part10(seg));
        String[] out = run("seg", file);
        assertThat(out[1])
                .contains("1 frames, source series " + SourceImages.SERIES)
                .contains(
                        "1 \"Muscle\" (127954009, SCT, \"Skeletal muscle\") in (85756007, SCT, \"Tissue\"), AUTOMATIC")
                .contains("1: segment 1, 2 pixels, source [" + ct.get(1).getString(Tag.SOPInstanceUID) + "]");

        // not a SEG: a clear message and exit status 1
        Path notSeg = Files.write(dir.resolve("ct.dcm"), SourceImages.part10(ct.get(0)));
        assertThat(run("seg", notSeg)[0]).contains("not a Segmentation: SOP Class " + UID.CTImageStorage);
        assertThat(run("sr", notSeg)[0]).contains("not a structured report");
    }

    private static String[] run(String cmd, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = RadflowDicom.run(
                new String[] {cmd, file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(e).isEqualTo(e.isEmpty() ? 0 : 1);
        return new String[] {e, out.toString(StandardCharsets.UTF_8)};
    }
}
