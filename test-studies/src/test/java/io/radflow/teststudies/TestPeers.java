package io.radflow.teststudies;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The peers the interop tests run (dicom3tools, dcmtk, pydicom), found the way dicom-core's
 * {@code io.radflow.dicom.testing.Peers} does it: missing in CI fails, elsewhere skips. (That class
 * lives in dicom-core's test sources, which are not published as a test jar yet.)
 */
final class TestPeers {
    static final String PYTHON = "/usr/bin/python3";

    private TestPeers() {}

    static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing(tool + " not found: install Debian package " + debianPackage);
        return null;
    }

    static String requirePydicom() {
        try {
            if (run(List.of(PYTHON, "-c", "import pydicom")).exitCode() == 0) {
                return PYTHON;
            }
        } catch (IOException e) {
            // reported below
        }
        missing("pydicom not importable by " + PYTHON + ": install Debian package python3-pydicom");
        return null;
    }

    private static void missing(String msg) {
        if (System.getenv("CI") != null) {
            fail(msg + " (CI installs it)");
        }
        abort(msg);
    }

    /** Exit code and combined output of a command. */
    record Result(int exitCode, String output) {}

    static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
