package io.radflow.dicom.net;

import static io.radflow.dicom.net.NetTestSupport.testFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dcmtk (echoscu, storescu, storescp; TCP_NODELAY=1) against Radflow's SCP and SCU. */
class DcmtkInteropTest {
    /** Uncompressed files (explicit and implicit VR) whose meta UIDs match their data set (rtplan.dcm and rtdose.dcm do not). */
    static final List<String> UNCOMPRESSED = List.of(
            "CT_small.dcm",
            "MR_small.dcm",
            "SC_rgb_jpeg_dcmd.dcm",
            "test-SR.dcm",
            "waveform_ecg.dcm",
            "SC_rgb_small_odd.dcm");

    @TempDir
    Path tmp;

    @BeforeAll
    static void peers() {
        Peers.require("storescu", "dcmtk");
    }

    @Test
    void echoscuIntoRadflow() throws Exception {
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", tmp.resolve("in"))) {
            Path log = tmp.resolve("echoscu.log");
            int rc = NetTestSupport.run(log, "echoscu", "-aet", "ECHOSCU", "-aec", "RADFLOW", "127.0.0.1", port(scp));
            assertThat(rc).as(NetTestSupport.read(log)).isZero();
        }
    }

    @Test
    void storescuIntoRadflow() throws Exception {
        Path in = tmp.resolve("in");
        List<Path> files = UNCOMPRESSED.stream().map(NetTestSupport::testFile).toList();
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", in)) {
            List<String> cmd =
                    new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", "RADFLOW", "127.0.0.1", port(scp)));
            files.forEach(f -> cmd.add(f.toString()));
            Path log = tmp.resolve("storescu.log");
            assertThat(NetTestSupport.run(log, cmd.toArray(String[]::new)))
                    .as(NetTestSupport.read(log))
                    .isZero();
        }
        NetTestSupport.assertSameDatasets(in, files);
    }

    @ParameterizedTest
    @CsvSource({
        "-xs, SC_rgb_jpeg_gdcm.dcm, 1.2.840.10008.1.2.4.70",
        "-xt, MR_small_jpeg_ls_lossless.dcm, 1.2.840.10008.1.2.4.80",
        "-xr, MR_small_RLE.dcm, 1.2.840.10008.1.2.5",
        "-xr, SC_rgb_rle_16bit.dcm, 1.2.840.10008.1.2.5"
    })
    void compressedProposalsAreStoredAsReceived(String option, String file, String tsuid) throws Exception {
        Path in = tmp.resolve("in");
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", in)) {
            Path log = tmp.resolve("storescu.log");
            int rc = NetTestSupport.run(
                    log,
                    "storescu",
                    option,
                    "-aet",
                    "STORESCU",
                    "-aec",
                    "RADFLOW",
                    "127.0.0.1",
                    port(scp),
                    testFile(file).toString());
            assertThat(rc).as(NetTestSupport.read(log)).isZero();
        }
        List<Path> got = NetTestSupport.files(in);
        assertThat(got).hasSize(1);
        assertThat(AssociationTest.fmi(got.get(0)).transferSyntaxUID()).isEqualTo(tsuid);
        NetTestSupport.assertSameDatasets(in, List.of(testFile(file)));
    }

    @Test
    void eightParallelStorescuProcesses() throws Exception {
        List<Path> all = NetTestSupport.makeInstances("CT_small.dcm", tmp.resolve("study"), 48);
        Path in = tmp.resolve("in");
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", in)) {
            List<Process> procs = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                Path dir = Files.createDirectories(tmp.resolve("part" + p));
                for (int i = p; i < all.size(); i += 8) {
                    Files.copy(all.get(i), dir.resolve(all.get(i).getFileName()));
                }
                procs.add(NetTestSupport.start(
                        tmp.resolve("storescu" + p + ".log"),
                        "storescu",
                        "+sd",
                        "+r",
                        "-aet",
                        "STORESCU" + p,
                        "-aec",
                        "RADFLOW",
                        "127.0.0.1",
                        port(scp),
                        dir.toString()));
            }
            for (int p = 0; p < 8; p++) {
                assertThat(procs.get(p).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(procs.get(p).exitValue())
                        .as(NetTestSupport.read(tmp.resolve("storescu" + p + ".log")))
                        .isZero();
            }
        }
        assertThat(NetTestSupport.files(in)).hasSize(48);
        NetTestSupport.assertSameDatasets(in, all);
    }

    @Test
    void radflowStorescuIntoDcmtkStorescp() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        int port = NetTestSupport.freePort();
        Process storescp = NetTestSupport.start(
                tmp.resolve("storescp.log"),
                "storescp",
                "-aet",
                "DCMTK",
                "+xa",
                "-od",
                out.toString(),
                String.valueOf(port));
        try {
            NetTestSupport.await("storescp listening", Duration.ofSeconds(20), () -> listening(port));
            List<Path> files = new ArrayList<>(
                    UNCOMPRESSED.stream().map(NetTestSupport::testFile).toList());
            files.add(testFile("liver_1frame.dcm")); // Segmentation: dcmtk 3.6.7's storescu does not propose it
            files.add(testFile("SC_rgb_jpeg_gdcm.dcm"));
            files.add(testFile("JPEG2000.dcm"));
            files.addAll(NetTestSupport.makeInstances("CT_small.dcm", tmp.resolve("study"), 12));
            StoreSCU scu = new StoreSCU(new ApplicationEntity("RADFLOW"), new Connection("127.0.0.1", port), "DCMTK");
            List<StoreSCU.Result> results = scu.send(StoreSCU.scan(files), 1);
            assertThat(results)
                    .hasSize(files.size())
                    .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
            NetTestSupport.assertSameDatasets(out, files);
        } finally {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static String port(DicomServer scp) {
        return String.valueOf(scp.getLocalPort());
    }
}
