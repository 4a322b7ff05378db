package io.radflow.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.radflow.dicom.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmjs-dimse (npm, pinned) as a third, independent DIMSE implementation: C-ECHO and C-STORE into
 * Radflow's SCP. The package is installed once into the git-ignored {@code target/dcmjs-dimse}
 * with npm's default registry and cache ({@code --prefer-offline}); when it cannot be installed the
 * test fails in CI and is skipped elsewhere, like a missing Debian peer.
 */
class DcmjsDimseInteropTest {
    static final String PACKAGE = "dcmjs-dimse@0.3.3";
    static final Path PREFIX = Path.of("target", "dcmjs-dimse").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void install() throws Exception {
        Peers.require("node", "nodejs");
        Peers.require("npm", "npm");
        if (Files.isDirectory(PREFIX.resolve("node_modules/dcmjs-dimse"))) {
            return;
        }
        Files.createDirectories(PREFIX);
        Path log = PREFIX.resolve("npm-install.log");
        Process p = NetTestSupport.start(
                log,
                "npm",
                "install",
                "--prefix",
                PREFIX.toString(),
                "--no-audit",
                "--no-fund",
                "--prefer-offline",
                PACKAGE);
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        if (!done || p.exitValue() != 0) {
            String msg = "npm could not install " + PACKAGE + ":\n" + NetTestSupport.read(log);
            if (System.getenv("CI") != null) {
                fail(msg);
            }
            abort(msg);
        }
    }

    @Test
    void echoAndStoreFromDcmjsDimse() throws Exception {
        // dcmjs re-encodes what it sends (UTF-8 character set, private elements dropped, trailing
        // whitespace trimmed): files it sends unchanged are compared
        List<Path> files = new ArrayList<>(
                List.of(NetTestSupport.testFile("MR_small.dcm"), NetTestSupport.testFile("SC_rgb_small_odd.dcm")));
        files.addAll(NetTestSupport.makeInstances("MR_small.dcm", tmp.resolve("study"), 5));
        Path in = tmp.resolve("in");
        Path script = NetTestSupport.resource("dcmjs_dimse_scu.js", tmp);
        ApplicationEntity ae = new ApplicationEntity("RADFLOW")
                .acceptCallingAETitles("DCMJS")
                .setStoreHandler(new FolderStoreHandler(in, true));
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start()) {
            List<String> cmd = new ArrayList<>(List.of(
                    "node", script.toString(), "127.0.0.1", String.valueOf(scp.getLocalPort()), "DCMJS", "RADFLOW"));
            files.forEach(f -> cmd.add(f.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("node.log").toFile());
            pb.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toString());
            pb.environment().put("TCP_NODELAY", "1");
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(NetTestSupport.read(tmp.resolve("node.log")))
                    .isZero();

            List<String> reject = new ArrayList<>(List.of(
                    "node", script.toString(), "127.0.0.1", String.valueOf(scp.getLocalPort()), "STRANGER", "RADFLOW"));
            ProcessBuilder rb = new ProcessBuilder(reject)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("reject.log").toFile());
            rb.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toString());
            Process r = rb.start();
            assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(r.exitValue())
                    .as(NetTestSupport.read(tmp.resolve("reject.log")))
                    .isEqualTo(3);
        }
        NetTestSupport.assertSameDatasets(in, files);
    }
}
