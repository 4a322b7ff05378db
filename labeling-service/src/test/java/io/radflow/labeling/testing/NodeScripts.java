package io.radflow.labeling.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the test scripts of {@code src/test/js} with Node.js from {@code target/js-test}, where the
 * build installed dicomweb-client and puppeteer-core; they drive Debian's {@code /usr/bin/chromium}.
 * Missing tools skip the test on a developer machine and fail it in CI.
 */
public final class NodeScripts {
    private static final Path DIR = Path.of("target/js-test").toAbsolutePath();

    private NodeScripts() {}

    /** Skips (or fails in CI) unless node, chromium and the npm packages are there. */
    public static void require() {
        boolean ready = TestData.onPath("node")
                && Files.isExecutable(Path.of("/usr/bin/chromium"))
                && Files.isDirectory(DIR.resolve("node_modules/puppeteer-core"));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(ready, "node, /usr/bin/chromium or target/js-test/node_modules missing");
        } else if (!ready) {
            throw new IllegalStateException("node, /usr/bin/chromium or target/js-test/node_modules missing in CI");
        }
    }

    /** Runs {@code script} with one JSON argument; returns the last line of its output. */
    public static String run(String script, String jsonArgument, long timeoutMinutes) throws IOException {
        require();
        try (var files = Files.list(Path.of("src/test/js"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mjs")).toList()) {
                Files.copy(f, DIR.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path log = DIR.resolve(script + ".log");
        Process p = new ProcessBuilder("node", script, jsonArgument)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in " + timeoutMinutes + " min; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed (" + p.exitValue() + "): " + out);
        }
        return out.substring(out.lastIndexOf('\n') + 1);
    }
}
