package io.radflow.dicom.net;

import static io.radflow.dicom.net.NetTestSupport.testFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orthanc (Debian, TCP_NODELAY=1) as the PACS: Radflow's SCU stores into it, and it sends to
 * Radflow's SCP through its REST {@code /modalities/{name}/store}. Orthanc's HTTP server only
 * answers loopback clients (RemoteAccessAllowed false); Orthanc 1.10 cannot bind its DICOM and HTTP
 * ports to one address, so they listen on all interfaces for the test's duration. Orthanc's HTTP
 * keep-alive is off: CivetWeb drops an idle connection after 0.5 s, and a POST that the JDK client
 * sends on such a dropped connection fails ("header parser received no bytes") instead of retrying.
 */
class OrthancInteropTest {
    static final List<String> FILES = List.of(
            "CT_small.dcm",
            "MR_small_RLE.dcm",
            "SC_rgb_jpeg_gdcm.dcm",
            "test-SR.dcm",
            "SC_rgb_jpeg_dcmd.dcm",
            "693_J2KI.dcm");

    @TempDir
    Path tmp;

    Process orthanc;
    int httpPort;
    int dicomPort;
    DicomServer scp;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path bin = Peers.require("Orthanc", "orthanc");
        ApplicationEntity ae = new ApplicationEntity("RADFLOW")
                .acceptCallingAETitles("ORTHANC")
                .setStoreHandler(new FolderStoreHandler(tmp.resolve("in"), true));
        scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start();
        httpPort = NetTestSupport.freePort();
        dicomPort = NetTestSupport.freePort();
        String config =
                """
                {
                  "Name": "RadflowInterop",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "ORTHANC",
                  "RemoteAccessAllowed": false,
                  "KeepAlive": false,
                  "AuthenticationEnabled": false,
                  "DicomAlwaysAllowStore": true,
                  "DicomCheckCalledAet": false,
                  "DicomScuTimeout": 30,
                  "Plugins": [],
                  "DicomModalities": { "radflow": [ "RADFLOW", "127.0.0.1", %d ] }
                }
                """
                        .formatted(
                                tmp.resolve("storage"), tmp.resolve("index"), httpPort, dicomPort, scp.getLocalPort());
        Path cfg = tmp.resolve("orthanc.json");
        Files.writeString(cfg, config);
        orthanc = NetTestSupport.start(tmp.resolve("orthanc.log"), bin.toString(), cfg.toString());
        NetTestSupport.await(
                "Orthanc HTTP up", Duration.ofSeconds(60), () -> get("/system").startsWith("{"));
        NetTestSupport.await("Orthanc DICOM up", Duration.ofSeconds(30), () -> DcmtkInteropTest.listening(dicomPort));
    }

    @AfterEach
    void stop() throws Exception {
        if (orthanc != null) {
            orthanc.destroy();
            if (!orthanc.waitFor(30, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly().waitFor();
            }
        }
        if (scp != null) {
            scp.close();
        }
    }

    @Test
    void radflowStoresIntoOrthancAndOrthancSendsBackToRadflow() throws Exception {
        List<Path> files = FILES.stream().map(NetTestSupport::testFile).toList();
        StoreSCU scu =
                new StoreSCU(new ApplicationEntity("RADFLOW"), new Connection("127.0.0.1", dicomPort), "ORTHANC");
        assertThat(scu.send(StoreSCU.scan(files), 2))
                .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());

        // what Orthanc stored equals what was sent
        Path fromOrthanc = Files.createDirectories(tmp.resolve("from-orthanc"));
        List<String> ids = new ArrayList<>();
        for (Path f : files) {
            String iuid = AssociationTest.fmi(f).sopInstanceUID();
            String id = lookup(iuid);
            ids.add(id);
            HttpResponse<Path> rsp = http.send(
                    HttpRequest.newBuilder(uri("/instances/" + id + "/file")).build(),
                    HttpResponse.BodyHandlers.ofFile(fromOrthanc.resolve(id + ".dcm")));
            assertThat(rsp.statusCode()).isEqualTo(200);
        }
        NetTestSupport.assertSameDatasets(fromOrthanc, files);

        // Orthanc -> Radflow through /modalities/radflow/store
        String body = "{\"Synchronous\": true, \"Resources\": [\"" + String.join("\",\"", ids) + "\"]}";
        HttpResponse<String> rsp = http.send(
                HttpRequest.newBuilder(uri("/modalities/radflow/store"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rsp.statusCode())
                .as(rsp.body() + NetTestSupport.read(tmp.resolve("orthanc.log")))
                .isEqualTo(200);
        assertThat(NetTestSupport.files(tmp.resolve("in"))).hasSize(files.size());
        NetTestSupport.assertSameDatasets(tmp.resolve("in"), files);
        assertThat(AssociationTest.fmi(tmp.resolve("in")
                                .resolve(AssociationTest.fmi(testFile("MR_small_RLE.dcm"))
                                                .sopInstanceUID() + ".dcm"))
                        .transferSyntaxUID())
                .isEqualTo("1.2.840.10008.1.2.5");
    }

    private String lookup(String iuid) throws Exception {
        HttpResponse<String> rsp = http.send(
                HttpRequest.newBuilder(uri("/tools/lookup"))
                        .POST(HttpRequest.BodyPublishers.ofString(iuid))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"").matcher(rsp.body());
        assertThat(m.find()).as("Orthanc has %s: %s", iuid, rsp.body()).isTrue();
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private String get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }
}
