package io.radflow.labeling.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.Api;
import io.radflow.labeling.testing.Api.Answer;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.AuditTable;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Label sets through the API on the real PostgreSQL, on a CT the index holds: versions with author and
 * source, partial saves, content of any version, diff, revert, 409 on stale saves, two writers at once,
 * roles, bad input refused with nothing stored, and the audit trail.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class LabelSetsTest {
    static GroundTruth ct;
    static String study;
    static String series;
    static List<String> sops;
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @Inject
    AgroalDataSource db;

    @BeforeAll
    static void data() {
        ct = TestData.ct();
        study = ct.info().studyInstanceUid();
        series = ct.series().get(0).seriesInstanceUid();
        sops = ct.series().get(0).sopInstanceUids();
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static JsonNode created(String name) {
        Answer a = Api.createLabelSet("annotator", study, series, name, "Skeletal muscle", "Subcutaneous fat");
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        return a.json();
    }

    /** A rectangle mask of the label set's size. */
    static byte[] rect(JsonNode set, int x0, int y0, int w, int h) {
        int rows = set.get("rows").asInt();
        int cols = set.get("columns").asInt();
        byte[] m = new byte[rows * cols];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                m[y * cols + x] = 1;
            }
        }
        return m;
    }

    static Map<String, Object> slice(String sop, int segment, byte[] mask) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("sopInstanceUID", sop);
        m.put("frame", 1);
        m.put("segment", segment);
        m.put("mask", mask == null ? null : MaskRle.encodeBase64(mask));
        return m;
    }

    static Answer save(String role, long id, int base, String source, List<Map<String, Object>> slices) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("baseVersion", base);
        body.put("source", source);
        body.put("slices", slices);
        return Api.post(role, "/api/v1/label-sets/" + id + "/versions", body);
    }

    static byte[] maskOf(JsonNode content, String sop, int segment, int pixels) {
        for (JsonNode s : content.get("slices")) {
            if (s.get("sopInstanceUID").asText().equals(sop) && s.get("segment").asInt() == segment) {
                return MaskRle.decodeBase64(s.get("mask").asText(), pixels);
            }
        }
        return null;
    }

    @Test
    void versionsContentDiffAndRevert() {
        JsonNode set = created("muscle and fat");
        long id = set.get("id").asLong();
        int pixels = set.get("rows").asInt() * set.get("columns").asInt();
        assertThat(set.get("currentVersion").asInt()).isEqualTo(1);
        byte[] a = rect(set, 10, 10, 20, 10);
        byte[] b = rect(set, 10, 10, 30, 20); // contains a
        byte[] c = rect(set, 40, 40, 5, 5);

        Answer v2 = save("annotator", id, 1, "manual", List.of(slice(sops.get(3), 1, a)));
        assertThat(v2.status()).as(v2.text()).isEqualTo(201);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(v2.json().get("parentVersion").asInt()).isEqualTo(1);
        Answer v3 = save("admin", id, 2, "grabcut", List.of(slice(sops.get(3), 1, b), slice(sops.get(4), 2, c)));
        assertThat(v3.status()).as(v3.text()).isEqualTo(201);

        JsonNode versions =
                Api.get("radiologist", "/api/v1/label-sets/" + id + "/versions").json();
        assertThat(versions).hasSize(3);
        assertThat(versions.findValuesAsText("author")).containsExactly("annotator", "annotator", "admin");
        assertThat(versions.findValuesAsText("source")).containsExactly("manual", "manual", "grabcut");
        assertThat(versions.get(2).get("changedSlices").asInt()).isEqualTo(2);
        // the segment the grabcut save changed remembers it (the SEG will say SEMIAUTOMATIC)
        assertThat(versions.get(2).at("/segments/0/editedWith").toString()).contains("manual", "grabcut");

        JsonNode c1 = Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/1")
                .json();
        assertThat(c1.get("slices")).isEmpty();
        JsonNode c2 = Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/2")
                .json();
        assertThat(c2.get("slices")).hasSize(1);
        assertThat(maskOf(c2, sops.get(3), 1, pixels)).isEqualTo(a);
        JsonNode c3 = Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/current")
                .json();
        assertThat(maskOf(c3, sops.get(3), 1, pixels)).isEqualTo(b);
        assertThat(maskOf(c3, sops.get(4), 2, pixels)).isEqualTo(c);
        assertThat(c3.at("/slices/0/pixels").asInt()).isPositive();
        JsonNode only4 = Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/3?sopInstanceUID=" + sops.get(4))
                .json();
        assertThat(only4.get("slices")).hasSize(1);
        assertThat(only4.at("/slices/0/segment").asInt()).isEqualTo(2);

        JsonNode diff = Api.get("radiologist", "/api/v1/label-sets/" + id + "/diff?from=2&to=3")
                .json();
        assertThat(diff.get("added").asLong()).isEqualTo(MaskRle.count(b) - MaskRle.count(a) + MaskRle.count(c));
        assertThat(diff.get("removed").asLong()).isZero();
        assertThat(diff.get("slices")).hasSize(2);
        JsonNode back = Api.get("radiologist", "/api/v1/label-sets/" + id + "/diff?from=3&to=1")
                .json();
        assertThat(back.get("removed").asLong()).isEqualTo(MaskRle.count(b) + MaskRle.count(c));

        Answer v4 =
                Api.post("annotator", "/api/v1/label-sets/" + id + "/revert", Map.of("toVersion", 2, "baseVersion", 3));
        assertThat(v4.status()).as(v4.text()).isEqualTo(201);
        assertThat(v4.json().get("source").asText()).isEqualTo("revert");
        assertThat(v4.json().get("sourceDetail").asText()).isEqualTo("2");
        JsonNode same = Api.get("radiologist", "/api/v1/label-sets/" + id + "/diff?from=2&to=4")
                .json();
        assertThat(same.get("slices")).isEmpty();
        JsonNode c4 = Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/4")
                .json();
        assertThat(maskOf(c4, sops.get(3), 1, pixels)).isEqualTo(a);
        assertThat(maskOf(c4, sops.get(4), 2, pixels)).isNull();
        // the older versions are unchanged
        assertThat(maskOf(
                        Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/3")
                                .json(),
                        sops.get(3),
                        1,
                        pixels))
                .isEqualTo(b);

        // a save from a version that is no longer current: 409 naming the current one, nothing stored
        Answer stale = save("annotator", id, 3, "manual", List.of(slice(sops.get(5), 1, c)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentVersion").asInt()).isEqualTo(4);
        assertThat(stale.at("/error")).contains("version 3", "version is 4");
        assertThat(Api.get("radiologist", "/api/v1/label-sets/" + id + "/versions")
                        .json())
                .hasSize(4);

        // clearing a mask: the slice is gone from the new version
        Answer cleared = save("annotator", id, 4, "manual", List.of(slice(sops.get(3), 1, null)));
        assertThat(cleared.status()).as(cleared.text()).isEqualTo(201);
        assertThat(Api.get("researcher", "/api/v1/label-sets/" + id + "/versions/5")
                        .json()
                        .get("slices"))
                .isEmpty();

        // listed under its series, and audited with who and what
        assertThat(Api.get("radiologist", "/api/v1/label-sets?study=" + study + "&series=" + series)
                        .json()
                        .findValuesAsText("id"))
                .contains(String.valueOf(id));
        Map<String, Object> row = AuditTable.awaitRow(
                db, "user_id = ? and detail like ?", "admin", "label set " + id + " version 3 (grabcut, 2 slices)");
        assertThat(row)
                .containsEntry("event_id", "110103")
                .containsEntry("action_code", "U")
                .containsEntry("study_instance_uid", study);
    }

    @Test
    void twoWritersFromTheSameVersionNeverLoseOne() throws Exception {
        JsonNode set = created("race");
        long id = set.get("id").asLong();
        int pixels = set.get("rows").asInt() * set.get("columns").asInt();
        int base = 1;
        for (int round = 0; round < 5; round++) {
            byte[] mine = rect(set, 5 + round, 5, 10, 10);
            byte[] theirs = rect(set, 30 + round, 30, 10, 10);
            CountDownLatch go = new CountDownLatch(1);
            int b = base;
            Callable<Answer> annotator = () -> {
                go.await();
                return save("annotator", id, b, "manual", List.of(slice(sops.get(1), 1, mine)));
            };
            Callable<Answer> admin = () -> {
                go.await();
                return save("admin", id, b, "manual", List.of(slice(sops.get(1), 1, theirs)));
            };
            Future<Answer> f1 = POOL.submit(annotator);
            Future<Answer> f2 = POOL.submit(admin);
            go.countDown();
            List<Integer> statuses =
                    new ArrayList<>(List.of(f1.get().status(), f2.get().status()));
            Collections.sort(statuses);
            assertThat(statuses).as("round " + round).containsExactly(201, 409);
            Answer winner = f1.get().status() == 201 ? f1.get() : f2.get();
            Answer loser = f1.get().status() == 201 ? f2.get() : f1.get();
            base = winner.json().get("version").asInt();
            assertThat(base).isEqualTo(b + 1);
            assertThat(loser.json().get("currentVersion").asInt()).isEqualTo(base);
            JsonNode content = Api.get("radiologist", "/api/v1/label-sets/" + id + "/versions/" + base)
                    .json();
            assertThat(maskOf(content, sops.get(1), 1, pixels)).isEqualTo(winner == f1.get() ? mine : theirs);
        }
        assertThat(Api.get("radiologist", "/api/v1/label-sets/" + id + "/versions")
                        .json())
                .hasSize(6);
    }

    @Test
    void badInputIsRefusedAndNothingStored() {
        JsonNode set = created("bad input");
        long id = set.get("id").asLong();
        int pixels = set.get("rows").asInt() * set.get("columns").asInt();
        String path = "/api/v1/label-sets/" + id + "/versions";

        Answer size = save("annotator", id, 1, "manual", List.of(slice(sops.get(0), 1, new byte[pixels - 1])));
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.at("/error")).contains("pixels");
        Answer segment = save("annotator", id, 1, "manual", List.of(slice(sops.get(0), 9, rect(set, 0, 0, 2, 2))));
        assertThat(segment.status()).isEqualTo(400);
        assertThat(segment.at("/error")).contains("unknown segment number 9");
        Answer instance = save("annotator", id, 1, "manual", List.of(slice("1.2.3.4", 1, rect(set, 0, 0, 2, 2))));
        assertThat(instance.status()).isEqualTo(400);
        assertThat(instance.at("/error")).contains("1.2.3.4", "is not an image of series");
        Answer frame = Api.post(
                "annotator",
                path,
                Map.of(
                        "baseVersion",
                        1,
                        "slices",
                        List.of(Map.of(
                                "sopInstanceUID",
                                sops.get(0),
                                "frame",
                                2,
                                "segment",
                                1,
                                "mask",
                                MaskRle.encodeBase64(rect(set, 0, 0, 2, 2))))));
        assertThat(frame.status()).isEqualTo(400);
        assertThat(frame.at("/error")).contains("frame 2");
        Answer notBase64 = save(
                "annotator",
                id,
                1,
                "manual",
                List.of(Map.of("sopInstanceUID", sops.get(0), "segment", 1, "mask", "***")));
        assertThat(notBase64.status()).isEqualTo(400);
        Answer noBase = Api.post("annotator", path, Map.of("slices", List.of()));
        assertThat(noBase.status()).isEqualTo(400);
        assertThat(noBase.at("/error")).contains("baseVersion");
        Answer source = save("annotator", id, 1, "magic", List.of(slice(sops.get(0), 1, rect(set, 0, 0, 2, 2))));
        assertThat(source.status()).isEqualTo(400);
        Answer malformed = Api.post("annotator", path, "{\"baseVersion\": ");
        assertThat(malformed.status()).isEqualTo(400);
        Answer unknownLabel = Api.post(
                "annotator",
                "/api/v1/label-sets",
                Map.of(
                        "studyInstanceUID",
                        study,
                        "seriesInstanceUID",
                        series,
                        "name",
                        "x",
                        "segments",
                        List.of(Map.of("number", 1, "label", "Kidney stone"))));
        assertThat(unknownLabel.status()).isEqualTo(400);
        assertThat(unknownLabel.at("/error")).contains("Kidney stone", "Skeletal muscle");
        Answer noSeries = Api.post(
                "annotator",
                "/api/v1/label-sets",
                Map.of(
                        "studyInstanceUID",
                        study,
                        "seriesInstanceUID",
                        "1.2.3.999",
                        "name",
                        "x",
                        "segments",
                        List.of(Map.of("number", 1, "label", "Lung"))));
        assertThat(noSeries.status()).isEqualTo(404);
        assertThat(Api.get("annotator", "/api/v1/label-sets/987654321").status())
                .isEqualTo(404);
        assertThat(Api.get("annotator", "/api/v1/label-sets/" + id + "/versions/7")
                        .status())
                .isEqualTo(404);

        // 50 MB: refused before it is read
        String big = "{\"baseVersion\":1,\"comment\":\"" + "x".repeat(50 * 1024 * 1024) + "\"}";
        Answer huge = Api.send(
                "annotator",
                HttpRequest.newBuilder(Api.uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.text()).contains("at most");
        // a body without a declared length (HTTP/1.1 chunked) is not read at all
        Answer chunked = Api.send(
                "annotator",
                HttpRequest.newBuilder(Api.uri(path))
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                                "{\"baseVersion\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertThat(chunked.status()).isEqualTo(411);

        // roles: readers read, only annotators and admins write; no token, no access
        Answer radiologist =
                save("radiologist", id, 1, "manual", List.of(slice(sops.get(0), 1, rect(set, 0, 0, 2, 2))));
        assertThat(radiologist.status()).isEqualTo(403);
        assertThat(Api.get("researcher", "/api/v1/label-sets/" + id).status()).isEqualTo(200);
        assertThat(Api.get(null, "/api/v1/label-sets/" + id).status()).isEqualTo(401);
        assertThat(Api.get("pacs", "/api/v1/label-sets/" + id).status()).isEqualTo(403);

        // after all that, the set is still at version 1 with nothing in it
        JsonNode versions = Api.get("radiologist", path).json();
        assertThat(versions).hasSize(1);
        assertThat(Api.get("radiologist", path + "/1").json().get("slices")).isEmpty();
    }
}
