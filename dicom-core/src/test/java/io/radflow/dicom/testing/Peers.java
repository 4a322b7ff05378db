package io.radflow.dicom.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real DICOM peers (dcmtk, pydicom, dicom3tools, Orthanc) that interop tests run against.
 *
 * <p>In CI ({@code CI} set in the environment) a missing peer fails the test: {@code .ci/run}
 * installs them. On a developer machine without them the test is skipped with the install hint.
 */
public final class Peers {
    /** Debian's python3 with pydicom; the python3 first on PATH may lack it. */
    public static final String PYTHON = "/usr/bin/python3";

    private Peers() {}

    /** Returns the path of {@code tool}, or fails/aborts the test naming the Debian package. */
    public static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = tool + " not found: install Debian package " + debianPackage;
        if (System.getenv("CI") != null) {
            fail(msg + " (CI installs it in .ci/run)");
        }
        abort(msg);
        return null;
    }

    /** Requires Debian's python3 with pydicom. */
    public static String requirePydicom() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom")
                    .redirectErrorStream(true)
                    .start();
            if (p.waitFor() == 0) {
                return PYTHON;
            }
        } catch (Exception e) {
            // fall through
        }
        String msg = "pydicom not importable by " + PYTHON + ": install Debian package python3-pydicom";
        if (System.getenv("CI") != null) {
            fail(msg);
        }
        abort(msg);
        return null;
    }

    /** The one dciodvfy warning Radflow's objects may have: its private coding scheme (docs/results.md). */
    public static final String PRIVATE_SCHEME_WARNING =
            "CodingSchemeDesignator(0008,0102)[1]> - Unrecognized defined term = <99RADFLOW>";

    /**
     * dciodvfy's verdict on a data set.
     *
     * @param output its whole output
     * @param problems its Error and Warning lines, except {@link #PRIVATE_SCHEME_WARNING}
     */
    public record Dciodvfy(String output, List<String> problems) {}

    /**
     * Writes {@code ds} to {@code file} as Part 10 (Explicit VR Little Endian) and runs {@code dciodvfy
     * -new} on it (Debian dicom3tools; missing: the test fails in CI, is skipped elsewhere).
     */
    public static Dciodvfy dciodvfy(io.radflow.dicom.data.Attributes ds, Path file) throws IOException {
        String tool = require("dciodvfy", "dicom3tools").toString();
        String ts = io.radflow.dicom.data.UID.ExplicitVRLittleEndian;
        try (var out = Files.newOutputStream(file);
                var dos = new io.radflow.dicom.io.DicomOutputStream(out, ts)) {
            dos.writeDataset(io.radflow.dicom.io.DicomOutputStream.createFileMetaInformation(ds, ts), ds);
        }
        Result r = run(List.of(tool, "-new", file.toString()));
        List<String> problems = r.output()
                .lines()
                .filter(l -> l.startsWith("Error") || l.startsWith("Warning"))
                .filter(l -> !(l.startsWith("Warning") && l.endsWith(PRIVATE_SCHEME_WARNING)))
                .toList();
        return new Dciodvfy(r.output(), problems);
    }

    /** Exit status and combined stdout/stderr of a peer's run. */
    public record Result(int exitCode, String output) {}

    /** Runs a peer to completion (no input) and returns its exit status and output. */
    public static Result run(List<String> command) throws IOException {
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
