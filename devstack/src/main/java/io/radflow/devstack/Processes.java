package io.radflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Child processes of the dev stack: the running JDK, PID files and clean stops. */
public final class Processes {
    private Processes() {}

    /** The {@code java} executable of the JVM running this code (a JDK 21 or newer). */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops a process gently, then forcibly after {@code graceSeconds}. */
    public static void stop(ProcessHandle process, int graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done from here
            }
        }
    }

    /** Kills the process named in a PID file left by an earlier run that did not stop cleanly. */
    public static void killStale(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String first =
                Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        Files.deleteIfExists(pidFile);
        if (first.isEmpty()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(first)).ifPresent(p -> stop(p, 20));
        } catch (NumberFormatException e) {
            // not a PID file of ours
        }
    }

    /** Writes {@code pid} to {@code pidFile}. */
    public static void writePid(Path pidFile, long pid) throws IOException {
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, pid + "\n");
    }

    /** Deletes a directory tree if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
