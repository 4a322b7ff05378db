package io.radflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.events.StudyEventRecord;
import io.radflow.events.StudyEvents;
import io.radflow.service.security.Roles;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Shared helpers of the ingest tests: studies, senders (C-STORE, STOW-RS), index and event readers. */
public final class IngestTestSupport {
    public static final int DICOM_PORT = Integer.getInteger("radflow.test.dicom-port", 21112);
    /** The test server: {@code quarkus.http.test-port} when given on the command line wins, as in Quarkus. */
    public static final String HTTP = "http://127.0.0.1:"
            + Integer.getInteger("quarkus.http.test-port", Integer.getInteger("radflow.test.http-port", 28081));

    public static final Path ARCHIVE = Path.of("target", "archive");

    private IngestTestSupport() {}

    /** An abdominal CT (two series) written to a new folder under target/test-data. */
    public static GroundTruth study(long seed, int slices) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "test-data"));
        return TestStudies.abdominalCt(seed, slices).writeTo(Files.createTempDirectory(base, "abd-" + seed + "-"));
    }

    /** The first file of a new one-slice study (a single instance to send). */
    public static Path oneFile(long seed) throws IOException {
        return files(study(seed, 1).dir()).get(0);
    }

    /** The SOP Instance UID of a Part 10 file. */
    public static String sop(Path file) throws IOException {
        return read(file).getString(Tag.SOPInstanceUID);
    }

    /** How many times the index holds the instance of {@code file} (0 or 1). */
    public static long indexed(DataSource ds, Path file) throws IOException, SQLException {
        return count(ds, "SELECT count(*) FROM ingest.v_instance WHERE sop_iuid = '" + sop(file) + "'");
    }

    /** The Part 10 files of a study folder, sorted. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    public static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            return in.readDataset();
        }
    }

    /** A copy of {@code file} with {@code change} applied to its data set, written to {@code out}. */
    public static Path modified(Path file, Path out, java.util.function.Consumer<Attributes> change)
            throws IOException {
        Attributes ds = read(file);
        change.accept(ds);
        return write(ds, ds.getString(Tag.SOPInstanceUID), out);
    }

    /**
     * A copy whose data set lacks its SOP Instance UID while the File Meta Information (and so a C-STORE
     * request made from it) keeps the original one: an invalid instance.
     */
    public static Path withoutSopInstanceUidInTheDataSet(Path file, Path out) throws IOException {
        Attributes ds = read(file);
        String sop = ds.getString(Tag.SOPInstanceUID);
        ds.remove(Tag.SOPInstanceUID);
        return write(ds, sop, out);
    }

    private static Path write(Attributes ds, String metaSopInstanceUid, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out);
                DicomOutputStream dos = new DicomOutputStream(os, UID.ExplicitVRLittleEndian)) {
            dos.writeDataset(
                    DicomOutputStream.createFileMetaInformation(
                            metaSopInstanceUid, ds.getString(Tag.SOPClassUID), UID.ExplicitVRLittleEndian),
                    ds);
        }
        return out;
    }

    /** A copy with a new SOP Instance UID (a "late" instance of the same series). */
    public static Path withNewSopInstanceUID(Path file, Path out) throws IOException {
        return modified(file, out, ds -> ds.setString(Tag.SOPInstanceUID, VR.UI, UID.createUID()));
    }

    /** C-STORE of {@code files} on one association from {@code callingAET}. */
    public static List<StoreSCU.Result> cstore(String callingAET, List<Path> files) throws Exception {
        StoreSCU scu =
                new StoreSCU(new ApplicationEntity(callingAET), new Connection("127.0.0.1", DICOM_PORT), "RADFLOW");
        return scu.sendOnOneAssociation(StoreSCU.scan(files));
    }

    /** STOW-RS of the given parts (content type and bytes each) with the PACS gateway's test token. */
    public static HttpResponse<String> stow(String path, List<Map.Entry<String, byte[]>> parts) throws Exception {
        return stow(path, parts, pacsToken());
    }

    /** STOW-RS of the given parts with {@code Authorization: Bearer token}. */
    public static HttpResponse<String> stow(String path, List<Map.Entry<String, byte[]>> parts, String token)
            throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            for (Map.Entry<String, byte[]> p : parts) {
                w.writePart(p.getKey(), p.getValue());
            }
            w.finish();
        }
        return post(
                path, "multipart/related; type=\"application/dicom\"; boundary=" + boundary, body.toByteArray(), token);
    }

    /** A POST with a valid token of the PACS gateway (role {@code pacs}), as a hospital PACS sends it. */
    public static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return post(path, contentType, body, pacsToken());
    }

    /** A POST with {@code Authorization: Bearer token}, or without the header when token is null. */
    public static HttpResponse<String> post(String path, String contentType, byte[] body, String token)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(HTTP + path));
        if (token != null) {
            rq.header("Authorization", "Bearer " + token);
        }
        return http.send(
                rq.header("Content-Type", contentType)
                        .header("Accept", "application/dicom+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A client-credentials-shaped token of the PACS gateway: user {@code service-account-pacs-gateway},
     * client {@code pacs-gateway}, role {@code pacs}, signed with the test key ({@link TestTokens}).
     */
    public static String pacsToken() {
        return TestTokens.serviceAccount("pacs-gateway", Roles.PACS);
    }

    /** The user name of {@link #pacsToken()}. */
    public static final String PACS_USER = "service-account-pacs-gateway";

    public static List<Map.Entry<String, byte[]>> dicomParts(List<Path> files) throws IOException {
        List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(Map.entry("application/dicom", Files.readAllBytes(f)));
        }
        return parts;
    }

    /** One value of an SQL query on the ingest schema. */
    public static Object scalar(DataSource ds, String sql) throws SQLException {
        try (java.sql.Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    /** The value of a counter of the service's registry (0 before it was first incremented). */
    public static double counter(io.micrometer.core.instrument.MeterRegistry registry, String name) {
        io.micrometer.core.instrument.Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    public static long count(DataSource ds, String sql) throws SQLException {
        Object o = scalar(ds, sql);
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** Every study event on the topic so far (a fresh consumer reading from the beginning). */
    public static List<StudyEventRecord> events(String bootstrap) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(StudyEvents.TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (tps.isEmpty()) {
                return List.of();
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<StudyEventRecord> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(StudyEventRecord.of(r));
                }
            }
            return Collections.unmodifiableList(out);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }

    /** The events of one study, in topic order. */
    public static List<StudyEventRecord> events(String bootstrap, String studyUID) {
        return events(bootstrap).stream()
                .filter(e -> e.headers().subject().equals(studyUID))
                .toList();
    }

    /** Asserts the archived file of an instance holds the same data set as {@code original}. */
    public static void assertArchivedEqual(DataSource ds, Path original) throws Exception {
        Attributes orig = read(original);
        String iuid = orig.getString(Tag.SOPInstanceUID);
        String rel = (String) scalar(ds, "SELECT storage_path FROM ingest.v_instance WHERE sop_iuid = '" + iuid + "'");
        assertThat(rel).as("indexed " + iuid).isNotNull();
        Attributes stored = read(ARCHIVE.resolve(rel));
        assertThat(stored).as("data set of " + rel).isEqualTo(orig);
    }
}
