package io.radflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Association;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEventRecord;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash: the packaged service ({@code java -jar target/quarkus-app/quarkus-run.jar}) is killed with
 * SIGKILL in the middle of a 300-instance C-STORE push, restarted, and the PACS re-sends everything.
 * Every instance that got a success status before the crash is present, readable and indexed; no
 * staging left-over is indexed or left behind; the study's ready event is published exactly once.
 * A clean stop (SIGTERM) right after the re-send loses no audit record of an acknowledged instance. A
 * SIGTERM in the middle of a push refuses new connections but lets the open association finish its study
 * (the default {@code dicom.shutdown-grace} of 20 s), then aborts an association still open.
 * The packaged service validates the PACS gateway's STOW-RS token with the test key given on its command
 * line ({@link TestTokens#serviceJvmOptions()}).
 */
class CrashRecoveryIT {
    static final int HTTP = Integer.getInteger("radflow.test.crash-http-port", 28381);
    static final int DICOM = Integer.getInteger("radflow.test.crash-dicom-port", 21412);
    static final Path ARCHIVE = Path.of("target", "crash-archive").toAbsolutePath();

    Process service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    Process startService(String log, String... jvmOptions) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Dradflow.ingest.archive.root=" + ARCHIVE));
        options.addAll(List.of(jvmOptions));
        return startPackaged(log, options);
    }

    /** Starts the packaged service on {@link #HTTP} and {@link #DICOM} with these JVM options; waits for DICOM. */
    static Process startPackaged(String log, List<String> jvmOptions) throws Exception {
        DevStackResource.ensureStarted();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        // the PACS gateway's STOW-RS token is signed with the test key: validate it offline
        cmd.addAll(TestTokens.serviceJvmOptions());
        cmd.addAll(List.of(
                "-Dradflow.db.port=" + DevStackResource.postgres().port(),
                "-Dradflow.kafka.bootstrap=" + DevStackResource.kafka().bootstrapServers(),
                "-Dquarkus.http.port=" + HTTP,
                "-Dradflow.ingest.dicom.port=" + DICOM,
                "-Dradflow.ingest.archive.min-free-space=1M",
                "-Dradflow.ingest.quiet-period=30S"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", log).toFile())
                .start();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).isTrue();
            try (Socket s = new Socket("127.0.0.1", DICOM)) {
                return true;
            }
        });
        // ready, as a load balancer would wait for: the start-up warm-up (whose staging files are in flight
        // until then) has ended
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP + "/q/health/ready"))
                .build();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).isTrue();
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return p;
    }

    @Test
    void killDuringA300InstancePushLosesNothingAcknowledged() throws Exception {
        List<Path> files = oneSeriesCt(701, 300);
        assertThat(files).hasSize(300);
        List<StoreSCU.Instance> instances = StoreSCU.scan(files);
        String study = IngestTestSupport.read(files.get(0)).getString(Tag.StudyInstanceUID);

        service = startService("crash-service-1.log");
        StoreSCU scu = new StoreSCU(new ApplicationEntity("PACS"), new Connection("127.0.0.1", DICOM), "RADFLOW");
        Set<String> acknowledged = new HashSet<>();
        Association as =
                new ApplicationEntity("PACS").connect(new Connection("127.0.0.1", DICOM), scu.associateRQ(instances));
        try {
            for (StoreSCU.Instance i : instances) {
                StoreSCU.Result r = scu.store(as, i);
                if (!r.ok()) {
                    break; // the association died with the service
                }
                acknowledged.add(i.fmi().sopInstanceUID());
                if (acknowledged.size() == 120) {
                    service.destroyForcibly(); // SIGKILL in the middle of the push
                }
            }
        } finally {
            as.abort();
        }
        service.waitFor(30, TimeUnit.SECONDS);
        assertThat(acknowledged.size()).isBetween(120, 299);

        // every acknowledged instance survived the crash: file complete and indexed
        try (java.sql.Connection c =
                        DriverManager.getConnection(DevStackResource.postgres().jdbcUrl(), "postgres", "");
                Statement st = c.createStatement()) {
            Set<String> indexed = new HashSet<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT sop_iuid, storage_path FROM ingest.v_instance WHERE study_iuid = '" + study + "'")) {
                while (rs.next()) {
                    indexed.add(rs.getString(1));
                    assertThat(rs.getString(2)).endsWith(".dcm");
                    Attributes ds = IngestTestSupport.read(ARCHIVE.resolve(rs.getString(2)));
                    assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(rs.getString(1));
                }
            }
            assertThat(indexed).containsAll(acknowledged);
        }

        // restart; the PACS re-sends the whole study
        service = startService("crash-service-2.log");
        try (Stream<Path> s = Files.walk(ARCHIVE.resolve(".incoming"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".part")).toList())
                    .as("staging left-overs removed at start")
                    .isEmpty();
        }
        try (Stream<Path> s = Files.list(ARCHIVE.resolve(".incoming"))) {
            assertThat(s.toList())
                    .as("the killed service's staging folder removed")
                    .hasSize(1);
        }
        // the PACS re-sends the first instance by STOW-RS with its token (an identical duplicate), the rest by C-STORE
        HttpResponse<String> stow = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP + "/dicomweb/studies"))
                                .header("Authorization", "Bearer " + IngestTestSupport.pacsToken())
                                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(files.get(0))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(stow.statusCode()).as(stow.body()).isEqualTo(200);
        java.time.Instant retryStart = java.time.Instant.now();
        List<StoreSCU.Result> retry = scu.sendOnOneAssociation(instances);
        assertThat(retry).allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue());

        // a clean stop right after the push: the audit queue is drained, every acknowledged instance in a record
        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(auditedCStores(study, retryStart)).isEqualTo(300);

        service = startService("crash-service-3.log");
        for (Path f : files) {
            assertArchived(f);
        }

        String kafka = DevStackResource.kafka().bootstrapServers();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !IngestTestSupport.events(kafka, study).isEmpty());
        List<StudyEventRecord> evs = IngestTestSupport.events(kafka, study);
        assertThat(evs).hasSize(1);
        assertThat(evs.get(0).headers().type()).isEqualTo(EventType.STUDY_READY);
        assertThat(((StudyEvent) evs.get(0).payload()).numberOfInstances()).isEqualTo(300);
    }

    @Test
    void sigtermDuringAPushLetsTheOpenAssociationFinishThenAbortsIdleOnes() throws Exception {
        List<Path> files = oneSeriesCt(702, 150);
        List<StoreSCU.Instance> instances = StoreSCU.scan(files);
        String study = IngestTestSupport.read(files.get(0)).getString(Tag.StudyInstanceUID);

        service = startService("stop-service.log");
        java.time.Instant start = java.time.Instant.now();
        Connection remote = new Connection("127.0.0.1", DICOM);
        StoreSCU scu = new StoreSCU(new ApplicationEntity("PACS"), remote, "RADFLOW");
        Association idle = new ApplicationEntity("PACS").connect(remote, scu.associateRQ(instances));
        Association as = new ApplicationEntity("PACS").connect(remote, scu.associateRQ(instances));
        int ok = 0;
        try {
            for (StoreSCU.Instance i : instances) {
                assertThat(scu.store(as, i).ok())
                        .as("instance %d after SIGTERM", ok)
                        .isTrue();
                ok++;
                if (ok == 50) {
                    service.destroy(); // SIGTERM, as Kubernetes does on a rolling update
                    // new connections are refused soon after; this association goes on
                    await().atMost(Duration.ofSeconds(15)).until(() -> {
                        try (Socket probe = new Socket("127.0.0.1", DICOM)) {
                            return false;
                        } catch (java.net.ConnectException refused) {
                            return true;
                        }
                    });
                    assertThat(service.isAlive()).isTrue();
                }
            }
            as.release();
        } finally {
            as.abort();
        }
        assertThat(ok).isEqualTo(150);
        // the idle association is aborted when the grace period ends, and the service exits
        assertThat(idle.awaitClose(60, TimeUnit.SECONDS)).isTrue();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        idle.abort();
        assertThat(Files.readString(Path.of("target", "stop-service.log")))
                .contains("2 open association(s) may go on for up to 20 s")
                .contains("aborting 1 association(s) still open after 20 s");

        // every instance indexed and audited; the ready event follows after the next start
        try (java.sql.Connection c =
                        DriverManager.getConnection(DevStackResource.postgres().jdbcUrl(), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM ingest.v_instance WHERE study_iuid = '" + study + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(150);
        }
        assertThat(auditedCStores(study, start)).isEqualTo(150);
    }

    /** The first series (the CT images) of a generated study of {@code slices} slices, its files in order. */
    static List<Path> oneSeriesCt(long seed, int slices) throws java.io.IOException {
        return IngestTestSupport.files(
                IngestTestSupport.study(seed, slices).dir().resolve("series-1"));
    }

    /** Instances of the study in the C-STORE audit records since {@code since} (a record lists its instances). */
    private static long auditedCStores(String study, java.time.Instant since) throws Exception {
        try (java.sql.Connection c =
                        DriverManager.getConnection(DevStackResource.postgres().jdbcUrl(), "postgres", "");
                java.sql.PreparedStatement st = c.prepareStatement("SELECT detail FROM ingest.audit_event"
                        + " WHERE study_instance_uid = ? AND detail LIKE 'C-STORE %' AND outcome = 0"
                        + " AND event_time >= ?")) {
            st.setString(1, study);
            st.setTimestamp(2, java.sql.Timestamp.from(since));
            long n = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("\\(n=(\\d+)\\)").matcher(rs.getString(1));
                    assertThat(m.find()).as(rs.getString(1)).isTrue();
                    n += Long.parseLong(m.group(1));
                }
            }
            return n;
        }
    }

    private static byte[] multipart(Path file) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("--b1\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Files.readAllBytes(file));
        out.writeBytes("\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void assertArchived(Path original) throws Exception {
        Attributes orig = IngestTestSupport.read(original);
        String iuid = orig.getString(Tag.SOPInstanceUID);
        try (java.sql.Connection c =
                        DriverManager.getConnection(DevStackResource.postgres().jdbcUrl(), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT storage_path FROM ingest.v_instance WHERE sop_iuid = '" + iuid + "'")) {
            assertThat(rs.next()).as("indexed " + iuid).isTrue();
            assertThat(IngestTestSupport.read(ARCHIVE.resolve(rs.getString(1)))).isEqualTo(orig);
        }
    }
}
