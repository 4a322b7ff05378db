package io.radflow.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.tool.RadflowDicom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The radflow-dicom subcommands echoscu, storescu and storescp, against each other and dcmtk. */
class NetCommandsTest {
    @TempDir
    Path tmp;

    private static int run(ByteArrayOutputStream out, String... args) {
        PrintStream ps = new PrintStream(out, true);
        return RadflowDicom.run(args, ps, ps);
    }

    @Test
    void storescpReceivesFromStorescuAndDcmtk() throws Exception {
        io.radflow.dicom.testing.Peers.require("storescu", "dcmtk");
        int port = NetTestSupport.freePort();
        Path in = tmp.resolve("in");
        AtomicInteger scpExit = new AtomicInteger(-1);
        ByteArrayOutputStream scpOut = new ByteArrayOutputStream();
        Thread scp = Thread.ofVirtual()
                .start(() -> scpExit.set(run(
                        scpOut,
                        "storescp",
                        "-aet",
                        "RADFLOW",
                        "-bind",
                        "127.0.0.1",
                        "-accept",
                        "STORESCU,ECHOSCU",
                        String.valueOf(port),
                        in.toString())));
        NetTestSupport.await("storescp listening", Duration.ofSeconds(20), () -> DcmtkInteropTest.listening(port));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(out, "echoscu", "-aec", "RADFLOW", "127.0.0.1", String.valueOf(port)))
                .as(out.toString())
                .isZero();
        assertThat(out.toString()).contains("status 0000H");

        Path study = tmp.resolve("study");
        List<Path> files = NetTestSupport.makeInstances("CT_small.dcm", study, 10);
        out.reset();
        assertThat(run(
                        out,
                        "storescu",
                        "-aec",
                        "RADFLOW",
                        "-j",
                        "3",
                        "127.0.0.1",
                        String.valueOf(port),
                        study.toString()))
                .as(out.toString())
                .isZero();
        assertThat(out.toString()).contains("sent 10 of 10 instances");
        NetTestSupport.assertSameDatasets(in, files);

        Path log = tmp.resolve("dcmtk.log");
        int rc = NetTestSupport.run(
                log,
                "storescu",
                "-aec",
                "RADFLOW",
                "127.0.0.1",
                String.valueOf(port),
                NetTestSupport.testFile("MR_small.dcm").toString());
        assertThat(rc).as(NetTestSupport.read(log)).isZero();

        out.reset();
        assertThat(run(out, "echoscu", "-aet", "INTRUDER", "-aec", "RADFLOW", "127.0.0.1", String.valueOf(port)))
                .isEqualTo(1);
        assertThat(out.toString()).contains("calling-AE-title-not-recognized");

        scp.interrupt();
        scp.join(Duration.ofSeconds(20));
        assertThat(scpExit.get()).as(scpOut.toString()).isZero();
    }

    @Test
    void usageErrors() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(out, "storescu", "127.0.0.1")).isEqualTo(2);
        assertThat(run(out, "echoscu", "-bogus", "x", "1")).isEqualTo(2);
        assertThat(run(out, "storescp", "notaport", "/tmp")).isEqualTo(2);
    }
}
