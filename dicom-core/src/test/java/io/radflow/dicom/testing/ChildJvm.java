package io.radflow.dicom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a test class's {@code main} in a fresh JVM with the test class path and chosen JVM options,
 * for example a small {@code -Xmx} to prove that streaming code runs in bounded memory.
 */
public final class ChildJvm {
    /** Exit status and combined stdout/stderr of a child JVM. */
    public record Result(int exitCode, String output) {}

    private ChildJvm() {}

    /** Runs {@code mainClass} with {@code jvmOptions} and {@code args} and waits for it to end. */
    public static Result run(Class<?> mainClass, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
