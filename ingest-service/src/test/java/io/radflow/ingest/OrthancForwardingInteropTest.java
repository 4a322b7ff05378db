package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.assertArchivedEqual;
import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.events;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.events.EventType;
import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEventRecord;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Orthanc (Debian) as the hospital PACS: dcmtk storescu (TCP_NODELAY=1) pushes a study into
 * Orthanc, whose Lua {@code OnStoredInstance} forwards every instance to Radflow, once by C-STORE
 * ({@code SendToModality}) and once by STOW-RS ({@code HttpPost} of the instance file as
 * multipart/related, with the PACS gateway's bearer token in its headers argument). Every instance is indexed and equal element by element to the original,
 * exactly one ready event per study with the right counts and series, updated on a late instance.
 * Orthanc 1.10 cannot bind to one address: it listens on all interfaces for the test's duration
 * (RemoteAccessAllowed false).
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class OrthancForwardingInteropTest {
    static final int ORTHANC_HTTP = Integer.getInteger("radflow.test.orthanc-http-port", 28942);
    static final int ORTHANC_DICOM = Integer.getInteger("radflow.test.orthanc-dicom-port", 24942);

    @Inject
    AgroalDataSource ds;

    Process orthanc;

    @AfterEach
    void stopOrthanc() throws InterruptedException {
        if (orthanc != null) {
            orthanc.destroy();
            if (!orthanc.waitFor(30, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void orthancForwardsByCStore() throws Exception {
        startOrthanc(
                "cstore",
                """
                function OnStoredInstance(instanceId, tags, metadata, origin)
                  SendToModality(instanceId, 'radflow')
                end
                """);
        pushThroughOrthanc(601);
    }

    @Test
    void orthancForwardsByStow() throws Exception {
        startOrthanc(
                "stow",
                """
                function OnStoredInstance(instanceId, tags, metadata, origin)
                  local dicom = RestApiGet('/instances/' .. instanceId .. '/file')
                  local b = 'radflow-orthanc-part'
                  local body = '--' .. b .. '\\r\\nContent-Type: application/dicom\\r\\n\\r\\n' .. dicom
                      .. '\\r\\n--' .. b .. '--\\r\\n'
                  HttpPost('%s/dicomweb/studies', body,
                      { ['Content-Type'] = 'multipart/related; type="application/dicom"; boundary=' .. b,
                        ['Authorization'] = 'Bearer %s',
                        ['Expect'] = '' })
                end
                """
                        .formatted(IngestTestSupport.HTTP, IngestTestSupport.pacsToken()));
        pushThroughOrthanc(602);
    }

    private void pushThroughOrthanc(long seed) throws Exception {
        GroundTruth g = IngestTestSupport.study(seed, 20);
        List<Path> files = files(g.dir());
        String study = read(files.get(0)).getString(Tag.StudyInstanceUID);
        storescu(g.dir());

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(ds, "SELECT count(*) FROM ingest.v_instance WHERE study_iuid = '" + study + "'")
                        == files.size());
        for (Path f : files) {
            assertArchivedEqual(ds, f);
        }
        String kafka = DevStackResource.kafka().bootstrapServers();
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(kafka, study).isEmpty());
        List<StudyEventRecord> evs = events(kafka, study);
        assertThat(evs).hasSize(1);
        StudyEvent ready = (StudyEvent) evs.get(0).payload();
        assertThat(evs.get(0).headers().type()).isEqualTo(EventType.STUDY_READY);
        assertThat(ready.numberOfInstances()).isEqualTo(files.size());
        assertThat(ready.series())
                .extracting(SeriesSummary::seriesInstanceUID, SeriesSummary::numberOfInstances)
                .containsExactlyInAnyOrderElementsOf(g.series().stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(
                                s.seriesInstanceUid(), s.sopInstanceUids().size()))
                        .toList());

        Path lateDir = Path.of("target", "test-data", "late-orthanc-" + seed);
        IngestTestSupport.withNewSopInstanceUID(files.get(0), lateDir.resolve("late.dcm"));
        storescu(lateDir);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(kafka, study).size() == 2);
        StudyEventRecord updated = events(kafka, study).get(1);
        assertThat(updated.headers().type()).isEqualTo(EventType.STUDY_UPDATED);
        assertThat(((StudyEvent) updated.payload()).numberOfInstances()).isEqualTo(files.size() + 1);
    }

    private void startOrthanc(String name, String lua) throws Exception {
        Path bin = require("Orthanc", "orthanc");
        Path dir = Path.of("target", "orthanc-" + name).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("forward.lua"), lua);
        Files.writeString(
                dir.resolve("orthanc.json"),
                """
                {
                  "Name": "RadflowHospitalPacs",
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
                  "LuaScripts": [ "%s" ],
                  "DicomModalities": { "radflow": [ "RADFLOW", "127.0.0.1", %d ] }
                }
                """
                        .formatted(
                                dir.resolve("storage"),
                                dir.resolve("index"),
                                ORTHANC_HTTP,
                                ORTHANC_DICOM,
                                dir.resolve("forward.lua"),
                                IngestTestSupport.DICOM_PORT));
        ProcessBuilder pb = new ProcessBuilder(
                        bin.toString(), dir.resolve("orthanc.json").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        orthanc = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + ORTHANC_HTTP + "/system"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", ORTHANC_DICOM)) {
                return true;
            }
        });
    }

    private static void storescu(Path dir) throws Exception {
        Path storescu = require("storescu", "dcmtk");
        List<String> cmd = new ArrayList<>(List.of(
                storescu.toString(),
                "-aet",
                "STORESCU",
                "-aec",
                "ORTHANC",
                "+sd",
                "+r",
                "+sp",
                "*.dcm",
                "127.0.0.1",
                String.valueOf(ORTHANC_DICOM),
                dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static Path require(String tool, String debianPackage) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = tool + " not found: install Debian package " + debianPackage;
        if (System.getenv("CI") != null) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
