package io.radflow.labeling.tools;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.Tissue;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Server time of the segmentation tools on 512 × 512 CT slices (a synthetic L3 slice for the
 * threshold and back projection, a chest slice with a ground-glass lesion for GrabCut): the first
 * (cold) call of each, then median and 90th percentile of {@value #RUNS} calls after {@value
 * #WARMUP} warm-up calls. Not a test (surefire does not run it):
 *
 * <pre>{@code
 * ./mvnw -o -q -pl labeling-service dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp labeling-service/target/test-classes:labeling-service/target/classes:$(cat /tmp/cp.txt) \
 *     io.radflow.labeling.tools.ToolsBenchmark
 * }</pre>
 */
public final class ToolsBenchmark {
    static final int WARMUP = 10;
    static final int RUNS = 50;

    private ToolsBenchmark() {}

    /** Runs the benchmark and prints the table. */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0
                ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("tools-benchmark");
        ToolCases.MuscleCase l3 = ToolCases.l3(1, dir);
        ToolCases.LesionCase lesion = ToolCases.lesion(1, dir);
        // what the peer (bin/tools-benchmark: Python OpenCV, as seed 002) runs on: the same files and rectangles
        Rect s0 = l3.sample();
        Rect b0 = lesion.box();
        Files.writeString(
                dir.resolve("peer.json"),
                String.format(
                        java.util.Locale.ROOT,
                        "{\"l3\": \"%s\", \"sample\": [%d, %d, %d, %d], \"muscle\": [%s, %s],"
                                + " \"chest\": \"%s\", \"box\": [%d, %d, %d, %d], \"lung\": [%s, %s]}",
                        l3.truth().file(l3.slice()),
                        s0.x(),
                        s0.y(),
                        s0.width(),
                        s0.height(),
                        Tissue.MUSCLE_MIN_HU,
                        Tissue.MUSCLE_MAX_HU,
                        lesion.truth().file(lesion.slice()),
                        b0.x(),
                        b0.y(),
                        b0.width(),
                        b0.height(),
                        GrabCutToolTest.LUNG_LOW,
                        GrabCutToolTest.LUNG_HIGH));
        GroundTruth ct = TestStudies.abdominalCt(1, ToolCases.ABDOMEN_SLICES).writeTo(dir.resolve("abdomen-1"));
        Attributes ds;
        PixelData pixels;
        try (DicomInputStream in = new DicomInputStream(ct.file(ct.primaryCt().l3SliceIndex()))) {
            ds = in.readDataset();
            pixels = PixelData.of(ds, in.getTransferSyntax());
        }
        HuFrame muscleFrame = l3.frame();
        HuFrame chest = lesion.frame();
        Rect box = lesion.box();
        BackProjection.Params bpDefaults =
                BackProjection.Params.of(l3.sample(), Tissue.MUSCLE_MIN_HU, Tissue.MUSCLE_MAX_HU);
        BackProjection.Params bpPlain =
                new BackProjection.Params(l3.sample(), Tissue.MUSCLE_MIN_HU, Tissue.MUSCLE_MAX_HU, 32, 0.4, 0, 0, null);
        GrabCutTool.Params gcLesion = lungGrabCut(box);
        GrabCutTool.Params gc128 = lungGrabCut(new Rect(192, 192, 128, 128));
        GrabCutTool.Params gc256 = lungGrabCut(new Rect(128, 128, 256, 256));
        Rect most = new Rect(40, 40, 432, 432);
        GrabCutTool.Params gc432 = lungGrabCut(most);

        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        Tools.loadOpenCv();
        rows.add(String.format(
                "%-60s %9.1f", "OpenCV native library load (once per JVM)", (System.nanoTime() - t0) / 1e6));
        rows.add(time("HuFrame.of (decode + Modality LUT)", () -> HuFrame.of(ds, pixels, 0)));
        rows.add(time("HuThreshold, whole image", () -> HuThreshold.apply(muscleFrame, -29, 150, null)));
        rows.add(time(
                "BackProjection, defaults (smoothing 7, morphology 5)",
                () -> BackProjection.apply(muscleFrame, bpDefaults)));
        rows.add(time("BackProjection, no smoothing, no morphology", () -> BackProjection.apply(muscleFrame, bpPlain)));
        rows.add(time(
                "GrabCut, lesion rect " + box.width() + "x" + box.height() + " (cropped)",
                () -> GrabCutTool.apply(chest, gcLesion)));
        rows.add(time("GrabCut, rect 128x128 (crop 256x256, full resolution)", () -> GrabCutTool.apply(chest, gc128)));
        rows.add(time(
                "GrabCut, rect 256x256 (crop 512x512, reduced to 256x256)", () -> GrabCutTool.apply(chest, gc256)));
        rows.add(time(
                "GrabCut, rect 432x432 (crop 512x512, reduced to 256x256)", () -> GrabCutTool.apply(chest, gc432)));
        rows.add(time("reference: OpenCV grabCut on all 512x512, lesion rect", () -> uncropped(chest, box)));
        rows.add(time("reference: OpenCV grabCut on all 512x512, rect 432x432", () -> uncropped(chest, most)));

        System.out.printf(
                "ToolsBenchmark: %d warm-up + %d timed calls each; Java %s, %d processors, load average %.2f"
                        + " before, %.2f after%n",
                WARMUP,
                RUNS,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(
                "%-60s %9s %9s %9s %9s%n",
                "tool (512x512 frame; GrabCut 5 iterations)", "cold ms", "median", "p90", "min");
        rows.forEach(System.out::println);
    }

    private static GrabCutTool.Params lungGrabCut(Rect r) {
        return GrabCutTool.Params.of(r, GrabCutToolTest.LUNG_LOW, GrabCutToolTest.LUNG_HIGH);
    }

    /** GrabCut on the whole frame, without the tool's crop, for comparison. */
    private static byte[] uncropped(HuFrame f, Rect r) {
        Mat grey = new Mat(f.rows(), f.columns(), CvType.CV_8UC1);
        Mat image = new Mat();
        Mat mask = new Mat();
        Mat bg = new Mat();
        Mat fg = new Mat();
        try {
            grey.put(0, 0, Tools.gray8(f, GrabCutToolTest.LUNG_LOW, GrabCutToolTest.LUNG_HIGH));
            Imgproc.cvtColor(grey, image, Imgproc.COLOR_GRAY2BGR);
            Imgproc.grabCut(image, mask, r.toOpenCv(), bg, fg, 5, Imgproc.GC_INIT_WITH_RECT);
            byte[] out = new byte[f.size()];
            mask.get(0, 0, out);
            return out;
        } finally {
            grey.release();
            image.release();
            mask.release();
            bg.release();
            fg.release();
        }
    }

    private static String time(String name, Callable<?> call) throws Exception {
        long start = System.nanoTime();
        call.call();
        double cold = (System.nanoTime() - start) / 1e6;
        for (int i = 0; i < WARMUP; i++) {
            call.call();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            call.call();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        return String.format(
                "%-60s %9.1f %9.2f %9.2f %9.2f", name, cold, ms[RUNS / 2], ms[(int) Math.ceil(0.9 * RUNS) - 1], ms[0]);
    }
}
