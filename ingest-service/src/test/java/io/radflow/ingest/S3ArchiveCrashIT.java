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
import io.radflow.ingest.archive.TestBuckets;
import io.radflow.service.archive.S3Archive;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.S3ProxyResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durability tests of {@link CrashRecoveryIT} with the archive in an S3 bucket (a real s3proxy): the
 * packaged service is killed with SIGKILL in the middle of a C-STORE push, restarted, then the object
 * store itself is killed in the middle of the next push. Every instance that got a success status is in
 * the bucket, byte for byte as sent, and indexed; the stores during the outage are answered with a
 * failure status; the PACS's re-send completes the study, announced once as ready.
 */
class S3ArchiveCrashIT {
    static final String BUCKET = "crash-archive";
    static final Path STAGING = Path.of("target", "crash-s3-staging").toAbsolutePath();

    Process service;

    @AfterEach
    void stop() throws InterruptedException {
        S3ProxyResource.server(); // running again for whatever follows
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static List<String> s3Options() {
        List<String> options = new ArrayList<>();
        S3ProxyResource.archiveProperties(BUCKET).forEach((k, v) -> options.add("-D" + k + "=" + v));
        options.add("-Dradflow.ingest.archive.staging=" + STAGING);
        return options;
    }

    @Test
    void aKilledServiceAndAnObjectStoreOutageLoseNothingAcknowledged() throws Exception {
        List<Path> files = CrashRecoveryIT.oneSeriesCt(711, 120);
        List<StoreSCU.Instance> instances = StoreSCU.scan(files);
        Map<String, Path> fileOf = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOf.put(instances.get(i).fmi().sopInstanceUID(), files.get(i));
        }
        String study = IngestTestSupport.read(files.get(0)).getString(Tag.StudyInstanceUID);
        Set<String> acknowledged = new HashSet<>();

        // 1. the service is killed (SIGKILL) in the middle of the push
        service = CrashRecoveryIT.startPackaged("s3-crash-1.log", s3Options());
        Process first = service;
        List<StoreSCU.Result> push1 = push(instances, 50, n -> first.destroyForcibly());
        service.waitFor(30, TimeUnit.SECONDS);
        push1.stream()
                .filter(StoreSCU.Result::ok)
                .forEach(r -> acknowledged.add(r.instance().fmi().sopInstanceUID()));
        assertThat(acknowledged.size()).isBetween(50, 119);
        try (S3Archive bucket = S3Archive.open(TestBuckets.settings(BUCKET, null, false))) {
            assertArchivedAndIndexed(bucket, study, acknowledged, fileOf);
        }

        // 2. restarted: the killed process's staging is gone; then the object store dies mid-push
        service = CrashRecoveryIT.startPackaged("s3-crash-2.log", s3Options());
        try (Stream<Path> s = Files.walk(STAGING)) {
            assertThat(s.filter(p -> p.toString().endsWith(".part")).toList())
                    .as("staging left-overs removed at start")
                    .isEmpty();
        }
        try (Stream<Path> s = Files.list(STAGING)) {
            assertThat(s.toList())
                    .as("only the running service's staging folder")
                    .hasSize(1);
        }
        List<StoreSCU.Result> push2 =
                push(instances, 30, n -> S3ProxyResource.server().kill());
        List<StoreSCU.Result> failed = push2.stream().filter(r -> !r.ok()).toList();
        assertThat(failed).as("stores during the outage fail").isNotEmpty();
        // answered with a failure status on the open association (-1 would be an aborted association)
        assertThat(failed)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isPositive());
        // readiness says so, with the reason
        java.net.http.HttpResponse<String> ready = readiness();
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("Archive storage").containsPattern("\"reachable\"\\s*:\\s*false");
        push2.stream()
                .filter(StoreSCU.Result::ok)
                .forEach(r -> acknowledged.add(r.instance().fmi().sopInstanceUID()));

        // 3. the object store is back: nothing acknowledged is missing; the PACS re-sends the study
        S3ProxyResource.server();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().statusCode() == 200);
        try (S3Archive bucket = S3Archive.open(TestBuckets.settings(BUCKET, null, false))) {
            assertArchivedAndIndexed(bucket, study, acknowledged, fileOf);
            StoreSCU scu = new StoreSCU(
                    new ApplicationEntity("PACS"), new Connection("127.0.0.1", CrashRecoveryIT.DICOM), "RADFLOW");
            List<StoreSCU.Result> retry = scu.sendOnOneAssociation(instances);
            assertThat(retry)
                    .allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue());
            assertArchivedAndIndexed(bucket, study, fileOf.keySet(), fileOf);
        }
        String kafka = DevStackResource.kafka().bootstrapServers();
        await().atMost(Duration.ofSeconds(90)).until(() -> IngestTestSupport.events(kafka, study).stream()
                .anyMatch(e -> ((StudyEvent) e.payload()).numberOfInstances() == 120));
        List<StudyEventRecord> evs = IngestTestSupport.events(kafka, study);
        assertThat(evs.stream().filter(e -> e.headers().type() == EventType.STUDY_READY))
                .as("announced as ready once")
                .hasSize(1);
        assertThat(evs.stream().map(e -> e.headers().id()).distinct()).hasSameSizeAs(evs);
    }

    private static java.net.http.HttpResponse<String> readiness() throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + CrashRecoveryIT.HTTP + "/q/health/ready"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the instances on one association; after {@code after} successes calls {@code action} once;
     * stops at the first failures (five at most) or when the association dies.
     */
    private static List<StoreSCU.Result> push(List<StoreSCU.Instance> instances, int after, IntConsumer action)
            throws Exception {
        Connection remote = new Connection("127.0.0.1", CrashRecoveryIT.DICOM);
        StoreSCU scu = new StoreSCU(new ApplicationEntity("PACS"), remote, "RADFLOW");
        List<StoreSCU.Result> results = new ArrayList<>();
        Association as = new ApplicationEntity("PACS").connect(remote, scu.associateRQ(instances));
        int ok = 0;
        int failed = 0;
        try {
            for (StoreSCU.Instance i : instances) {
                StoreSCU.Result r = scu.store(as, i);
                results.add(r);
                if (r.ok()) {
                    if (++ok == after) {
                        action.accept(ok);
                    }
                } else if (++failed == 5 || r.status() < 0) {
                    break;
                }
            }
        } finally {
            as.abort();
        }
        return results;
    }

    /** Each instance is indexed, and its object in the bucket is the file that was sent. */
    private static void assertArchivedAndIndexed(
            S3Archive bucket, String study, Set<String> iuids, Map<String, Path> fileOf) throws Exception {
        Map<String, String> indexed = new HashMap<>();
        try (java.sql.Connection c =
                        DriverManager.getConnection(DevStackResource.postgres().jdbcUrl(), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT sop_iuid, storage_path FROM ingest.v_instance WHERE study_iuid = '" + study + "'")) {
            while (rs.next()) {
                indexed.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(indexed.keySet()).containsAll(iuids);
        Path copy = STAGING.resolveSibling("crash-s3-check.dcm");
        for (String iuid : iuids) {
            bucket.download(indexed.get(iuid), copy);
            Attributes archived = IngestTestSupport.read(copy);
            assertThat(archived).as(iuid).isEqualTo(IngestTestSupport.read(fileOf.get(iuid)));
        }
        Files.deleteIfExists(copy);
    }
}
