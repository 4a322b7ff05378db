package io.radflow.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets are streamed, never buffered whole: in a JVM limited to a 48 MiB heap, four parallel
 * associations each store a 256 MiB data set through Radflow's SCU and SCP.
 */
class BoundedMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void dataSetsMuchLargerThanTheHeapAreStreamed() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("bounded.log");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BoundedMemoryMain.class.getName(),
                        "4",
                        String.valueOf(256L * 1024 * 1024))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(NetTestSupport.read(log)).isZero();
        assertThat(NetTestSupport.read(log)).contains("max heap");
    }
}
