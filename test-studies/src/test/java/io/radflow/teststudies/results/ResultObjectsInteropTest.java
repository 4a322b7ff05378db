package io.radflow.teststudies.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.testing.Peers.Result;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.ViewPosition;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Radflow's result objects against real peers: dicom3tools' {@code dciodvfy} finds no error or
 * warning in a SEG of a CT stack (four segments, two overlapping), a SEG of a multi-frame source, a
 * Comprehensive SR (boxes, probabilities, a per-study call) of a radiograph, a Comprehensive SR
 * measuring a SEG segment and a Comprehensive 3D SR; dcmtk's {@code dsrdump} reads each SR; pydicom
 * reads every object, finds the masks of the ground truth in the SEG pixel data and walks each SR's
 * tree; the files read back into the same masks and report; Orthanc stores them by C-STORE and
 * serves them by its DICOMweb.
 */
class ResultObjectsInteropTest {
    @TempDir
    static Path tmp;

    static GroundTruth abdomen;
    static GroundTruth chest;
    static GroundTruth pa;
    static List<Attributes> abdomenImages;
    static Path bodySeg;
    static Path lesionSeg;
    static Path xraySr;
    static Path bodySr;
    static Path pointSr;
    static MeasurementReport.Report xrayReport;
    static List<byte[]> lesionMasks;
    static Attributes multiFrame;

    @BeforeAll
    static void write() throws Exception {
        abdomen = TestStudies.abdominalCt(5, 6).writeTo(tmp.resolve("abdomen"));
        chest = TestStudies.chestCt(6, 12, 1).writeTo(tmp.resolve("chest"));
        pa = TestStudies.chestRadiograph(7, ViewPosition.PA, 2).writeTo(tmp.resolve("pa"));
        abdomenImages = ResultObjects.ctImages(abdomen);
        Attributes seg = ResultObjects.bodyCompositionSeg(abdomen, abdomenImages);
        bodySeg = ResultObjects.write(seg, tmp.resolve("out/body-seg.dcm"));

        List<Attributes> chestImages = ResultObjects.ctImages(chest);
        chestImages.sort(java.util.Comparator.comparingDouble(a -> a.getDoubles(Tag.ImagePositionPatient)[2]));
        multiFrame = ResultObjects.multiFrameSource(chestImages);
        lesionMasks = ResultObjects.lesionMasks(chest, chestImages);
        lesionSeg = ResultObjects.write(
                ResultObjects.lesionSegOnMultiFrame(multiFrame, lesionMasks), tmp.resolve("out/lesion-seg.dcm"));

        Attributes dx = ResultObjects.read(pa.file(0));
        dx.remove(Tag.PixelData);
        xrayReport = ResultObjects.xrayReport(dx, pa);
        xraySr = ResultObjects.write(
                ResultObjects.sr(xrayReport, dx, List.of(dx), "chest-xray-findings"), tmp.resolve("out/xray-sr.dcm"));

        String l3Uid = abdomen.primaryCt().l3Slice().sopInstanceUid();
        Attributes l3 = abdomenImages.stream()
                .filter(a -> a.getString(Tag.SOPInstanceUID).equals(l3Uid))
                .findFirst()
                .orElseThrow();
        bodySr = ResultObjects.write(
                ResultObjects.sr(ResultObjects.bodyReport(l3, seg, abdomen), l3, List.of(l3, seg), "body"),
                tmp.resolve("out/body-sr.dcm"));
        Attributes slice = chestImages.get(chestImages.size() / 2);
        pointSr = ResultObjects.write(
                ResultObjects.sr(ResultObjects.pointReport(slice), slice, List.of(slice), "chest-ct-lesions"),
                tmp.resolve("out/point-sr.dcm"));
    }

    static List<Path> all() {
        return List.of(bodySeg, lesionSeg, xraySr, bodySr, pointSr);
    }

    @Test
    void dciodvfyReportsNoErrorsOrWarnings() throws Exception {
        String dciodvfy = Peers.require("dciodvfy", "dicom3tools").toString();
        Map<Path, String> iods = Map.of(
                bodySeg, "Segmentation",
                lesionSeg, "Segmentation",
                xraySr, "ComprehensiveSR",
                bodySr, "ComprehensiveSR",
                pointSr, "Comprehensive3DSR");
        for (var e : iods.entrySet()) {
            Result r = Peers.run(List.of(dciodvfy, "-new", e.getKey().toString()));
            assertThat(r.output()).as(e.getKey().toString()).contains(e.getValue());
            List<String> problems = r.output()
                    .lines()
                    .filter(l -> l.startsWith("Error") || l.startsWith("Warning"))
                    .toList();
            // dciodvfy knows a fixed list of private coding schemes (99QIICR, 99SDM, ...), not 99RADFLOW:
            // that warning is the one allowed, and only on CodingSchemeDesignator (docs/results.md)
            assertThat(problems).as(e.getKey() + "\n" + r.output()).allSatisfy(l -> assertThat(l)
                    .startsWith("Warning")
                    .endsWith("CodingSchemeDesignator(0008,0102)[1]> - Unrecognized defined term = <99RADFLOW>"));
            if (e.getKey().equals(lesionSeg) || e.getKey().equals(xraySr)) {
                assertThat(problems).as("no private code in it: " + r.output()).isEmpty();
            }
        }
    }

    @Test
    void dsrdumpReadsEverySr() throws Exception {
        String dsrdump = Peers.require("dsrdump", "dcmtk").toString();
        for (Path sr : List.of(xraySr, bodySr, pointSr)) {
            Result r = Peers.run(List.of(dsrdump, "-Ee", "-Ec", sr.toString()));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).as(sr.toString()).contains("Imaging Measurement Report");
            // dcmtk warns only about the source patient's ISO 2022 (Korean) name, whose encoding it cannot check
            assertThat(r.output().lines().filter(l -> l.startsWith("E:") || l.startsWith("W:")))
                    .as(r.output())
                    .allSatisfy(l -> assertThat(l).startsWith("W:").containsPattern("Specific ?Character ?Set"));
        }
        Result r = Peers.run(List.of(dsrdump, xraySr.toString()));
        assertThat(r.output()).contains("Pneumonia", "Probability", "Present", "Cornerstone3DTools@^0.1.0:R");
    }

    @Test
    void pydicomReadsMasksAndTrees() throws Exception {
        String python = Peers.requirePydicom();
        String script =
                """
                import sys, warnings, pydicom
                warnings.simplefilter("error")
                def walk(items, depth):
                    n = 0
                    for it in items:
                        n += 1 + (walk(it.ContentSequence, depth + 1) if "ContentSequence" in it else 0)
                    return n
                for f in sys.argv[1:]:
                    ds = pydicom.dcmread(f)
                    if ds.Modality == "SEG":
                        a = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
                        per = {}
                        for i, fg in enumerate(ds.PerFrameFunctionalGroupsSequence):
                            s = fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber
                            per[s] = per.get(s, 0) + int(a[i].sum())
                        print("SEG", " ".join(f"{k}:{per[k]}" for k in sorted(per)))
                    else:
                        print("SR", walk(ds.ContentSequence, 1))
                """;
        List<String> cmd = new ArrayList<>(List.of(python, "-c", script));
        all().forEach(p -> cmd.add(p.toString()));
        Result r = Peers.run(cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        List<String> lines = r.output().lines().toList();

        // body composition: pixel counts per segment equal the ground truth label maps
        var truth = ResultObjects.bodyComposition(abdomen);
        StringBuilder expected = new StringBuilder("SEG");
        int n = 1;
        for (List<byte[]> masks : truth.values()) {
            long count =
                    masks.stream().mapToLong(ResultObjectsInteropTest::count).sum();
            expected.append(' ').append(n++).append(':').append(count);
        }
        assertThat(lines.get(0)).isEqualTo(expected.toString());
        long lesionPixels =
                lesionMasks.stream().mapToLong(ResultObjectsInteropTest::count).sum();
        assertThat(lesionPixels).isPositive();
        assertThat(lines.get(1)).isEqualTo("SEG 1:" + lesionPixels);
        assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l).matches("SR \\d{2,}"));
    }

    @Test
    void filesReadBackIntoTheSameMasksAndReport() throws Exception {
        var read = SegmentationReader.read(ResultObjects.read(bodySeg));
        var masks = read.masksFor(SourceFrame.of(abdomenImages));
        var truth = new ArrayList<>(ResultObjects.bodyComposition(abdomen).values());
        List<String> uids = abdomen.series().get(0).sopInstanceUids();
        for (int s = 0; s < truth.size(); s++) {
            for (int i = 0; i < abdomenImages.size(); i++) {
                byte[] want = truth.get(s).get(uids.indexOf(abdomenImages.get(i).getString(Tag.SOPInstanceUID)));
                byte[] got = masks.get(s + 1).get(i);
                assertThat(got == null ? new byte[want.length] : got).isEqualTo(want);
            }
        }
        assertThat(ResultObjects.read(bodySeg).getString(Tag.SegmentsOverlap)).isEqualTo("YES");
        var lesion = SegmentationReader.read(ResultObjects.read(lesionSeg)).masksFor(SourceFrame.of(multiFrame));
        for (int f = 0; f < lesionMasks.size(); f++) {
            byte[] got = lesion.get(1).get(f);
            assertThat(got == null ? new byte[lesionMasks.get(f).length] : got).isEqualTo(lesionMasks.get(f));
        }
        assertThat(MeasurementReport.parse(SrReader.read(ResultObjects.read(xraySr))))
                .isEqualTo(xrayReport);
    }

    @Test
    void orthancStoresThemByCStoreAndServesThemByDicomweb() throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.start(tmp.resolve("orthanc"))) {
            StoreSCU scu = new StoreSCU(
                    new ApplicationEntity("RADFLOW"), new Connection("127.0.0.1", orthanc.dicomPort), "ORTHANC");
            assertThat(scu.send(StoreSCU.scan(all()), 1))
                    .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
            for (Path p : all()) {
                Attributes ds = ResultObjects.read(p);
                String base = "/dicom-web/studies/" + ds.getString(Tag.StudyInstanceUID) + "/series/"
                        + ds.getString(Tag.SeriesInstanceUID);
                HttpResponse<String> meta = orthanc.get(base + "/metadata", "Accept", "application/dicom+json");
                assertThat(meta.statusCode()).as(orthanc.log()).isEqualTo(200);
                assertThat(meta.body()).contains(ds.getString(Tag.SOPInstanceUID));
                HttpResponse<byte[]> inst = orthanc.getBytes(
                        base + "/instances/" + ds.getString(Tag.SOPInstanceUID),
                        "Accept",
                        "multipart/related; type=\"application/dicom\"");
                assertThat(inst.statusCode()).isEqualTo(200);
                assertThat(new String(inst.body(), StandardCharsets.ISO_8859_1)).contains("DICM");
            }
        }
    }

    static long count(byte[] m) {
        long n = 0;
        for (byte b : m) {
            n += b;
        }
        return n;
    }
}
