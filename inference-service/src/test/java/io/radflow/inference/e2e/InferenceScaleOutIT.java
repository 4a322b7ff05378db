package io.radflow.inference.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvent;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.testsupport.DevStackResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scale-out on one machine (issue 22): three packaged inference-service processes in one consumer
 * group on a three-partition study-events topic, images from and results into Orthanc; a burst of 30
 * radiograph studies is announced; once a few are done one process is killed with SIGKILL. Every study
 * is processed exactly once (one completed event and one SUCCEEDED job each), more than one process did
 * the work, the two survivors hold all three partitions afterwards and finish the dead one's work
 * (its consumed but uncommitted events come again to them, recognised by their ids; a job it held
 * comes back when its lease runs out). Prints the timings recorded in docs/benchmarks.md.
 */
class InferenceScaleOutIT {
    static final int[] PORTS = {
        Integer.getInteger("radflow.test.scale-http-port-1", 28384),
        Integer.getInteger("radflow.test.scale-http-port-2", 28385),
        Integer.getInteger("radflow.test.scale-http-port-3", 28386)
    };
    static final Path WORK = Path.of("target", "scale-out").toAbsolutePath();
    static final String TOPIC = "radflow.study-events.scale-out";
    static final String GROUP = "radflow-inference-scale";
    static final String SCHEMA = "inference_scale";
    static final int STUDIES = 30;

    final List<Process> services = new ArrayList<>();
    OrthancPeer orthanc;

    @AfterEach
    void stop() throws Exception {
        for (Process p : services) {
            if (p.isAlive()) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void threeProcessesOneKilledEveryStudyOnce() throws Exception {
        Files.createDirectories(WORK);
        DevStackResource.ensureStarted();
        orthanc = OrthancPeer.start(WORK.resolve("orthanc"));
        List<StudyEvent> studies = new ArrayList<>();
        for (int i = 0; i < STUDIES; i++) {
            GroundTruth g = TestStudies.chestRadiograph(22_000 + i, ViewPosition.PA, i % 3)
                    .writeTo(WORK.resolve("study-" + i));
            studies.add(Events.study(Events.storeInto(orthanc, g), 1));
        }
        Set<String> uids = studies.stream().map(StudyEvent::studyInstanceUID).collect(Collectors.toSet());
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        for (int i = 0; i < 3; i++) {
            services.add(InferenceProcess.start(
                    PORTS[i],
                    WORK.resolve("inference-" + (i + 1) + ".log"),
                    orthanc,
                    TOPIC,
                    GROUP,
                    SCHEMA,
                    // a job held by a process that died is queued again after this
                    "-Dradflow.inference.job-lease=PT20S"));
        }
        awaitMembers(3);

        try (var consumer = Events.inferenceConsumer()) {
            Instant t0 = Instant.now();
            for (StudyEvent s : studies) {
                Events.publish(TOPIC, s, UUID.randomUUID().toString());
            }
            List<Events.Received> got = new ArrayList<>(Events.await(
                    consumer, Duration.ofSeconds(240), l -> mine(l, uids).size() >= 6));
            Process victim = services.get(0);
            long victimPid = victim.pid();
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-burst
            Instant killedAt = Instant.now();
            int doneBeforeKill = mine(got, uids).size();
            got.addAll(Events.await(consumer, Duration.ofSeconds(300), l -> {
                List<Events.Received> all = new ArrayList<>(got);
                all.addAll(l);
                return done(mine(all, uids)).size() == STUDIES;
            }));
            Instant t1 = Instant.now();
            // anything late (a duplicate) would arrive now
            got.addAll(Events.await(consumer, Duration.ofSeconds(5), l -> false));

            List<Events.Received> results = mine(got, uids);
            // one event (one ce_id) per study; the same event sent twice is allowed only where the killed
            // process may have died between Kafka's acknowledgement and marking it sent (its consumers
            // recognise it by the id), so at most once
            Map<String, Set<String>> idsPerStudy = results.stream()
                    .collect(Collectors.groupingBy(
                            r -> r.event().studyInstanceUID(),
                            Collectors.mapping(r -> r.headers().id(), Collectors.toSet())));
            assertThat(idsPerStudy).as("one event per study").hasSize(STUDIES).allSatisfy((s, ids) -> assertThat(ids)
                    .as(s)
                    .hasSize(1));
            long resent = results.size() - STUDIES;
            assertThat(resent).as("events sent twice (same id)").isLessThanOrEqualTo(1);
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED));

            Map<String, Job> jobs = jobs(uids);
            assertThat(jobs).hasSize(STUDIES);
            assertThat(jobs.values()).allSatisfy(j -> assertThat(j.status()).isEqualTo("SUCCEEDED"));
            Set<String> owners = new HashSet<>();
            jobs.values().forEach(j -> owners.add(j.owner()));
            assertThat(owners).as("processes that ran jobs").hasSizeGreaterThanOrEqualTo(2);
            assertThat(jobs.values())
                    .filteredOn(j -> j.finishedAt().isAfter(killedAt.plusSeconds(1)))
                    .as("jobs finished after the kill")
                    .isNotEmpty()
                    .allSatisfy(j -> assertThat(j.owner()).doesNotEndWith(":" + victimPid));
            ConsumerGroupDescription group = awaitMembers(2);
            Set<TopicPartition> assigned = new HashSet<>();
            group.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
            assertThat(assigned).as("the survivors hold every partition").hasSize(3);

            Map<String, Long> byOwner = jobs.values().stream()
                    .collect(Collectors.groupingBy(Job::owner, LinkedHashMap::new, Collectors.counting()));
            System.out.printf(
                    "scale-out: %d studies, 3 processes, one killed after %d results (%.1f s); all done in %.1f s"
                            + " (%.1f s after the kill); jobs per process %s; killed pid %d; events re-sent %d%n",
                    STUDIES,
                    doneBeforeKill,
                    Duration.between(t0, killedAt).toMillis() / 1000.0,
                    Duration.between(t0, t1).toMillis() / 1000.0,
                    Duration.between(killedAt, t1).toMillis() / 1000.0,
                    byOwner,
                    victimPid,
                    resent);
        }
    }

    private static List<Events.Received> mine(List<Events.Received> l, Set<String> uids) {
        return l.stream()
                .filter(r -> uids.contains(r.event().studyInstanceUID()))
                .toList();
    }

    private static Set<String> done(List<Events.Received> l) {
        return l.stream().map(r -> r.event().studyInstanceUID()).collect(Collectors.toSet());
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevStackResource.kafka().bootstrapServers());
        return Admin.create(p);
    }

    private static ConsumerGroupDescription awaitMembers(int n) {
        ConsumerGroupDescription[] d = new ConsumerGroupDescription[1];
        org.awaitility.Awaitility.await(n + " members in " + GROUP + " holding all partitions")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = admin()) {
                        d[0] = admin.describeConsumerGroups(List.of(GROUP))
                                .all()
                                .get()
                                .get(GROUP);
                    }
                    Set<TopicPartition> assigned = new HashSet<>();
                    d[0].members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                    return d[0].members().size() == n && assigned.size() == 3;
                });
        return d[0];
    }

    record Job(String status, String owner, Instant finishedAt) {}

    private static Map<String, Job> jobs(Set<String> uids) throws Exception {
        String url =
                "jdbc:postgresql://127.0.0.1:" + DevStackResource.postgres().port() + "/radflow";
        Map<String, Job> out = new HashMap<>();
        try (var c = DriverManager.getConnection(url, "postgres", "");
                var st = c.prepareStatement("SELECT study_uid, status, owner, finished_at FROM " + SCHEMA + ".job"
                        + " WHERE pipeline <> 'none' AND study_uid = ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", uids.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Job previous = out.put(
                            rs.getString(1),
                            new Job(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getTimestamp(4) == null
                                            ? Instant.EPOCH
                                            : rs.getTimestamp(4).toInstant()));
                    assertThat(previous)
                            .as("one job per study: " + rs.getString(1))
                            .isNull();
                }
            }
        }
        return out;
    }
}
