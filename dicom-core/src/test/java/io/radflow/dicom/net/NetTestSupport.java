package io.radflow.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers shared by the network tests: ports, peer processes, data set comparison, counts. */
final class NetTestSupport {
    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private NetTestSupport() {}

    static Path testFile(String name) {
        return PYDICOM_FILES.resolve(name);
    }

    /** A loopback port free right now, for a peer that needs a fixed port on its command line. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a peer process with TCP_NODELAY=1, output to {@code log}. */
    static Process start(Path log, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    /** Runs a peer process to its end and returns its exit code; its output goes to {@code log}. */
    static int run(Path log, String... cmd) throws IOException, InterruptedException {
        Process p = start(log, cmd);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timeout: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }

    static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Asserts that every sent file arrived in {@code receivedDir} with an equal data set. */
    static void assertSameDatasets(Path receivedDir, List<Path> sent) throws IOException, InterruptedException {
        String python = Peers.requirePydicom();
        Path script = resource("compare_datasets.py", receivedDir.getParent());
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), receivedDir.toString()));
        sent.forEach(p -> cmd.add(p.toString()));
        Path log = receivedDir.getParent().resolve("compare.log");
        int rc = run(log, cmd.toArray(String[]::new));
        assertThat(rc).as("data set comparison:\n%s", read(log)).isZero();
    }

    /** {@code count} copies of a pydicom test file with fresh UIDs, in {@code dir}. */
    static List<Path> makeInstances(String source, Path dir, int count) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path script = resource("make_instances.py", dir.getParent());
        Path log = dir.getParent().resolve("make.log");
        int rc = run(
                log,
                Peers.requirePydicom(),
                script.toString(),
                testFile(source).toString(),
                dir.toString(),
                String.valueOf(count));
        assertThat(rc).as(read(log)).isZero();
        return files(dir);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Path resource(String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NetTestSupport.class.getResourceAsStream(name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /** Waits for a condition the code under test brings about asynchronously. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + max + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Open file descriptors of this JVM. */
    static int openFileDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    /** A storage SCP on 127.0.0.1 (ephemeral port) writing into {@code dir}. */
    static DicomServer storeSCP(String aet, Path dir) throws IOException {
        ApplicationEntity ae = new ApplicationEntity(aet).setStoreHandler(new FolderStoreHandler(dir, true));
        return new DicomServer(new Connection("127.0.0.1", 0), ae).start();
    }
}
