package io.radflow.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelLoader;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.model.runtime.Tensor;
import io.radflow.model.testing.OnnxGraphs;
import io.radflow.model.testing.Python;
import io.radflow.model.testing.TestModels;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.ViewPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocessing chain, run through a torch-exported identity model in ONNX Runtime, equals
 * the numpy reference of models/README.md ({@code src/test/python/preprocess_reference.py}, which
 * reads the DICOM files with pydicom) to 1e-5; the reference's resize equals torch's interpolate.
 */
class PreprocessingParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-5;
    private static final double TORCH_TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;

    static Path identity;
    static Path ct;
    static Path dx;

    @BeforeAll
    static void studies() throws Exception {
        identity = Python.exportedModels().resolve("identity.onnx");
        ct = TestStudies.abdominalCt(17, 3).writeTo(tmp.resolve("ct")).file(1);
        dx = TestStudies.chestRadiograph(18, ViewPosition.AP, 1)
                .writeTo(tmp.resolve("dx"))
                .file(0);
    }

    private record Case(String id, SourceFrame frame, ObjectNode source, String steps, long[] shape, String layout) {}

    private static ObjectNode dicom(Path file) {
        return JSON.createObjectNode().put("dicom", file.toString());
    }

    private static Case raw(
            String id,
            int w,
            int h,
            long seed,
            double slope,
            double intercept,
            boolean mono1,
            String steps,
            long[] shape,
            String layout)
            throws Exception {
        Random r = new Random(seed);
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(4096) - 1024;
        }
        Path file = tmp.resolve(id + ".f64");
        Python.writeDoubles(file, v);
        ObjectNode src = JSON.createObjectNode()
                .put("raw", file.toString())
                .put("width", w)
                .put("height", h)
                .put("slope", slope)
                .put("intercept", intercept)
                .put("rowSpacing", 0.8)
                .put("columnSpacing", 0.6)
                .put("monochrome1", mono1);
        SourceFrame f =
                new SourceFrame(w, h, v, io.radflow.dicom.image.ModalityLut.rescale(slope, intercept), mono1, 0.8, 0.6);
        return new Case(id, f, src, steps, shape, layout);
    }

    @Test
    void javaPreprocessingEqualsNumpyReference() throws Exception {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "ct-window-bilinear",
                SourceFrame.read(ct, 0),
                dicom(ct),
                """
                [{"op": "modalityLut"}, {"op": "window", "center": 40, "width": 400},
                 {"op": "resize", "width": 64, "height": 48, "interpolation": "bilinear"}]""",
                new long[] {-1, 1, 48, 64},
                "NCHW"));
        cases.add(new Case(
                "ct-resample-keepaspect-nearest",
                SourceFrame.read(ct, 0),
                dicom(ct),
                """
                [{"op": "modalityLut"}, {"op": "window", "center": -600, "width": 1500},
                 {"op": "resample", "pixelSpacingMm": 1.7, "interpolation": "bilinear"},
                 {"op": "resize", "width": 96, "height": 80, "interpolation": "nearest", "keepAspect": true,
                  "padValue": -1},
                 {"op": "scale", "factor": 2.0, "offset": -1.0}]""",
                new long[] {2, 1, 80, 96},
                "NCHW"));
        cases.add(new Case(
                "dx-normalize-keepaspect",
                SourceFrame.read(dx, 0),
                dicom(dx),
                """
                [{"op": "modalityLut"}, {"op": "normalizeRange"},
                 {"op": "resize", "width": 64, "height": 64, "keepAspect": true, "padValue": 0.5}]""",
                new long[] {-1, 1, 64, 64},
                "NCHW"));
        cases.add(raw(
                "raw-upsample",
                37,
                23,
                1,
                2.0,
                -1024,
                false,
                """
                [{"op": "modalityLut"}, {"op": "normalizeRange"},
                 {"op": "resize", "width": 50, "height": 41, "interpolation": "bilinear"}]""",
                new long[] {-1, 1, 41, 50},
                "NCHW"));
        cases.add(raw(
                "raw-equalize-monochrome1",
                61,
                47,
                2,
                1.0,
                0,
                true,
                """
                [{"op": "modalityLut"}, {"op": "window", "center": 500, "width": 2000},
                 {"op": "histogramEqualization"},
                 {"op": "resize", "width": 40, "height": 40, "keepAspect": true}]""",
                new long[] {-1, 1, 40, 40},
                "NCHW"));
        cases.add(raw(
                "raw-resample-nhwc",
                30,
                30,
                3,
                1.0,
                0,
                false,
                """
                [{"op": "modalityLut"}, {"op": "window", "center": 0, "width": 3000},
                 {"op": "resample", "pixelSpacingMm": 0.5, "interpolation": "nearest"},
                 {"op": "resize", "width": 32, "height": 32, "interpolation": "bilinear"},
                 {"op": "scale", "factor": 255}]""",
                new long[] {-1, 32, 32, 3},
                "NHWC"));
        if (cv2Available()) {
            cases.add(raw(
                    "raw-clahe",
                    64,
                    64,
                    4,
                    1.0,
                    0,
                    false,
                    """
                    [{"op": "normalizeRange"}, {"op": "clahe", "clipLimit": 3.0, "tileGrid": 4},
                     {"op": "resize", "width": 32, "height": 32}]""",
                    new long[] {-1, 1, 32, 32},
                    "NCHW"));
        }

        ArrayNode jobs = JSON.createArrayNode();
        for (Case c : cases) {
            ObjectNode job = jobs.addObject();
            job.set("source", c.source());
            job.set("steps", JSON.readTree(c.steps()));
            job.putObject("input").put("layout", c.layout()).set("shape", JSON.valueToTree(c.shape()));
            job.put("out", tmp.resolve(c.id() + ".f32").toString());
        }
        Path jobsFile = tmp.resolve("cases.json");
        JSON.writeValue(jobsFile.toFile(), jobs);
        String report = Python.run("preprocess_reference.py", jobsFile.toString());
        for (String line : report.strip().split("\n")) {
            JsonNode r = JSON.readTree(line);
            // torch interpolates in float32 (its scale too): up to about 1e-5 off the float64 reference
            assertThat(r.get("torchDiff").asDouble())
                    .as("numpy resize vs torch interpolate, %s", r.get("out"))
                    .isLessThan(TORCH_TOLERANCE);
        }

        ModelLoader loader = new ModelLoader(RuntimeOptions.defaults());
        for (Case c : cases) {
            Path onnx = c.layout().equals("NHWC")
                    ? OnnxGraphs.identity(tmp.resolve("nhwc.onnx"), "image", "out", -1, 32, 32, 3)
                    : identity;
            String manifest = TestModels.manifest(c.id(), c.shape(), c.steps(), "heatmap", "{}")
                    .replace("\"layout\": \"NCHW\"", "\"layout\": \"" + c.layout() + "\"");
            try (LoadedModel m = loader.load(TestModels.folder(tmp.resolve("models"), c.id(), manifest, onnx))) {
                PreprocessedFrame p = m.preprocess(c.frame());
                Tensor out =
                        m.run(new Tensor(batchOfOne(c.shape()), p.values())).get("out");
                float[] expected = Python.readFloats(tmp.resolve(c.id() + ".f32"));
                assertThat(out.data()).as(c.id()).hasSameSizeAs(expected);
                double max = 0;
                for (int i = 0; i < expected.length; i++) {
                    max = Math.max(max, Math.abs(out.data()[i] - expected[i]));
                }
                assertThat(max).as("largest difference to numpy, %s", c.id()).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    private static long[] batchOfOne(long[] shape) {
        long[] s = shape.clone();
        s[0] = 1;
        return s;
    }

    private static boolean cv2Available() {
        try {
            Process p = new ProcessBuilder(Python.PYTHON, "-c", "import cv2")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
