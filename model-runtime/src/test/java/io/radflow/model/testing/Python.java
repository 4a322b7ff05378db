package io.radflow.model.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's python3 with PyTorch, ONNX, numpy (and pydicom): the tests export their own models and
 * compute reference values with it. In CI ({@code CI} set) a missing package fails the test;
 * elsewhere the test is skipped with the install hint (as dicom-core's {@code Peers} does).
 */
public final class Python {
    /** Debian's python3; the python3 first on PATH may lack the packages. */
    public static final String PYTHON = "/usr/bin/python3";

    private static Path exported;

    private Python() {}

    /** Aborts (or fails, in CI) unless torch, onnx, numpy and pydicom import. */
    public static void requireTorch() {
        String hint = "python3-torch python3-onnx python3-numpy python3-pydicom";
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, onnx, numpy, pydicom")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String msg = PYTHON + " cannot import torch, onnx, numpy, pydicom: install Debian packages " + hint;
        if (System.getenv("CI") != null) {
            fail(msg + " (CI installs them in .ci/run)");
        }
        abort(msg);
    }

    /** Runs {@code src/test/python/<script>} with {@code args}; fails the test on a non-zero exit. */
    public static String run(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of(PYTHON, Path.of("src/test/python", script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                fail(script + " failed (exit " + p.exitValue() + "):\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /**
     * The models of {@code export_models.py} in {@code target/python-models} (exported once per
     * test run): {@code identity.onnx} (input {@code image} [N,1,H,W] to output {@code out}),
     * {@code tinynet.onnx} with {@code tinynet-input.f32} and torch's outputs.
     */
    public static synchronized Path exportedModels() throws IOException {
        requireTorch();
        if (exported == null) {
            Path dir = Files.createDirectories(Path.of("target", "python-models"));
            run("export_models.py", dir.toString());
            exported = dir;
        }
        return exported;
    }

    /** Little-endian float32 values of {@code file}. */
    public static float[] readFloats(Path file) throws IOException {
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Writes {@code values} as little-endian float64. */
    public static void writeDoubles(Path file, double[] values) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        Files.write(file, b.array());
    }
}
