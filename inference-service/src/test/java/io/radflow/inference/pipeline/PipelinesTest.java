package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.testing.TestModels;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.teststudies.dx.ViewPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines on generated studies with transparent models (ONNX identity graphs behind a window,
 * run by ONNX Runtime): a "lesion model" that marks everything above −600 HU finds, once the lungs
 * are masked, exactly the ground-glass lesions; the chest CT pipeline then calls a patient with a
 * lesion on three or more consecutive slices positive and a lesion-free one negative, and writes a
 * SEG holding the lesions. A "heat map model" on a radiograph gives boxes that become RectangleROI
 * groups with View Position kept.
 */
public class PipelinesTest {
    static final String STEPS_CT =
            """
            [{"op": "modalityLut"}, {"op": "window", "center": -600, "width": 1},
             {"op": "resize", "width": 512, "height": 512, "interpolation": "nearest"}]""";

    @TempDir
    Path tmp;

    public static PipelineInput input(GroundTruth truth, LoadedModel model, String key) throws Exception {
        List<Attributes> images = new ArrayList<>();
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < truth.series().get(0).files().size(); i++) {
            try (DicomInputStream in = new DicomInputStream(truth.file(i))) {
                in.readFileMetaInformation();
                images.add(in.readDataset());
                ts.add(in.getTransferSyntax());
            }
        }
        // sorted along the normal as the inference service's SeriesLoader sorts them
        Integer[] order = new Integer[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> z(images.get(i))));
        List<Attributes> sorted = new ArrayList<>();
        List<String> sortedTs = new ArrayList<>();
        for (int i : order) {
            sorted.add(images.get(i));
            sortedTs.add(ts.get(i));
        }
        return new PipelineInput(key, model, sorted, sortedTs);
    }

    /**
     * dicom3tools' dciodvfy on each object: no error, and no warning but the one about Radflow's private
     * coding scheme, which dciodvfy does not know (docs/results.md).
     */
    public static void assertValid(List<Attributes> objects, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        int n = 0;
        for (Attributes a : objects) {
            var r = io.radflow.dicom.testing.Peers.dciodvfy(a, dir.resolve("result-" + n++ + ".dcm"));
            assertThat(r.problems()).as(r.output()).isEmpty();
        }
    }

    private static double z(Attributes image) {
        double[] p = image.getDoubles(Tag.ImagePositionPatient);
        return p == null ? 0 : p[2];
    }

    @Test
    void chestCtLesionsArePositiveOnThreeSlicesAndInTheSeg() throws Exception {
        try (LoadedModel model = TestModels.identity(
                tmp, "lesions", new long[] {-1, 1, 512, 512}, STEPS_CT, "labelmap", "{\"minComponentPixels\": 4}")) {
            GroundTruth truth = TestStudies.chestCt(31, 10, 1).writeTo(tmp.resolve("positive"));
            var lesion = truth.primaryCt().lesions().get(0);
            assertThat(lesion.slices()).as("a lesion on 3+ slices").hasSizeGreaterThanOrEqualTo(3);
            PipelineOutput out = new LesionPipeline().run(input(truth, model, "job/positive"), new Timings());
            assertThat(out.summary()).containsEntry("positive", true);
            assertThat(out.objects())
                    .extracting(a -> a.getString(Tag.SOPClassUID))
                    .containsExactly(UID.SegmentationStorage, UID.ComprehensiveSRStorage);
            assertValid(out.objects(), tmp.resolve("positive-results"));

            // the SEG holds the ground-glass pixels (inside the lungs) and no body wall
            Attributes seg = out.objects().get(0);
            List<Attributes> images = input(truth, model, "x").images();
            var masks = SegmentationReader.read(seg).masksFor(SourceFrame.of(images));
            long both = 0;
            long truthPixels = 0;
            long found = 0;
            List<String> uids = truth.series().get(0).sopInstanceUids();
            for (int i = 0; i < images.size(); i++) {
                byte[] labels = truth.study()
                        .ctStudy()
                        .primary()
                        .labels(uids.indexOf(images.get(i).getString(Tag.SOPInstanceUID)));
                byte[] m = masks.get(1).get(i);
                for (int p = 0; p < labels.length; p++) {
                    boolean t = labels[p] == Tissue.GROUND_GLASS.label;
                    boolean f = m != null && m[p] == 1;
                    truthPixels += t ? 1 : 0;
                    found += f ? 1 : 0;
                    both += t && f ? 1 : 0;
                }
            }
            assertThat(2.0 * both / (truthPixels + found)).as("lesion Dice").isGreaterThan(0.9);

            // the SR: the per-patient call Present, and boxes with their quadrant as finding site
            var report = MeasurementReport.parse(SrReader.read(out.objects().get(1)));
            assertThat(report.groups().get(0).evaluations().get(0).value().meaning())
                    .isEqualTo("Present");
            assertThat(report.groups()).hasSizeGreaterThan(3);
            assertThat(report.groups().get(1).findingSite().scheme()).isEqualTo("99RADFLOW");
        }
    }

    @Test
    void aLesionFreeChestCtIsNegativeWithoutASeg() throws Exception {
        try (LoadedModel model = TestModels.identity(
                tmp, "lesions", new long[] {-1, 1, 512, 512}, STEPS_CT, "labelmap", "{\"minComponentPixels\": 4}")) {
            GroundTruth truth = TestStudies.chestCt(32, 8, 0).writeTo(tmp.resolve("negative"));
            PipelineOutput out = new LesionPipeline().run(input(truth, model, "job/negative"), new Timings());
            assertThat(out.summary()).containsEntry("positive", false);
            assertThat(out.objects())
                    .extracting(a -> a.getString(Tag.SOPClassUID))
                    .containsExactly(UID.ComprehensiveSRStorage);
            var report = MeasurementReport.parse(SrReader.read(out.objects().get(0)));
            assertThat(report.groups().get(0).evaluations().get(0).value().meaning())
                    .isEqualTo("Absent");
        }
    }

    @Test
    void heatMapBoxesOfARadiographBecomeRectangleRois() throws Exception {
        String steps =
                """
                [{"op": "normalizeRange"}, {"op": "resize", "width": 256, "height": 256, "interpolation": "bilinear"}]""";
        try (LoadedModel model = TestModels.identity(
                tmp,
                "findings",
                new long[] {-1, 1, 256, 256},
                steps,
                "heatmap",
                "{\"heatmapToBoxes\": {\"threshold\": 0.8, \"minAreaPixels\": 4}}")) {
            GroundTruth truth =
                    TestStudies.chestRadiograph(33, ViewPosition.AP, 1).writeTo(tmp.resolve("dx"));
            PipelineOutput out = new FindingsPipeline().run(input(truth, model, "job/dx"), new Timings());
            assertThat(out.objects()).singleElement().satisfies(sr -> assertThat(sr.getString(Tag.SOPClassUID))
                    .isEqualTo(UID.ComprehensiveSRStorage));
            Map<String, Object> s = out.summary();
            assertThat(s).containsEntry("viewPosition", "AP");
            assertThat((Integer) s.get("boxes")).isPositive();
            var report = MeasurementReport.parse(SrReader.read(out.objects().get(0)));
            assertThat(report.groups()).allSatisfy(g -> {
                assertThat(g.trackingId()).isEqualTo(MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI");
                assertThat(g.roi()).isInstanceOf(MeasurementReport.PlanarRoi.class);
                assertThat(g.algorithm().parameters()).contains(ResultEncoding.DEMO_NOTICE, "ViewPosition=AP");
            });
            // the same job key makes the same instance again (a re-run after a crash is a duplicate)
            PipelineOutput again = new FindingsPipeline().run(input(truth, model, "job/dx"), new Timings());
            assertThat(again.objects().get(0).getString(Tag.SOPInstanceUID))
                    .isEqualTo(out.objects().get(0).getString(Tag.SOPInstanceUID));
        }
    }
}
