package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.UID;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import io.radflow.teststudies.GroundTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QIDO-RS conformance (PS3.18 8.3.4, PS3.4 C.2.2.2) against the real PostgreSQL index: single
 * values, UID lists, wildcards, date and time ranges, fuzzy person names (case and accents),
 * includefield forms, limit/offset, required return attributes, Korean names, errors.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class QidoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GERMAN_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775772.5723.0";
    private static final String FRENCH_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0";
    private static final String JAPANESE_STUDY = "1.3.6.1.4.1.5962.1.2.0.1175775771.5702.0";
    private static final String KOREAN_STUDY = "1.3.51.0.7.11986030739.15242.20106.39861.48967.23056.44419";

    static GroundTruth ct;
    static GroundTruth dx;

    @BeforeAll
    static void data() {
        ct = TestData.ct();
        dx = TestData.dx();
    }

    @Test
    void studyByUidHasTheRequiredReturnAttributes() {
        JsonNode s = single(query("/studies?StudyInstanceUID=" + ct.info().studyInstanceUid()));
        assertThat(value(s, "0020000D")).isEqualTo(ct.info().studyInstanceUid());
        assertThat(value(s, "00100020")).isEqualTo(ct.patient().id());
        assertThat(value(s, "00080020")).isEqualTo(ct.info().studyDate());
        assertThat(value(s, "00080030")).isEqualTo(ct.info().studyTime());
        assertThat(value(s, "00080050")).isEqualTo(ct.info().accessionNumber());
        assertThat(value(s, "00081030")).isEqualTo(ct.info().description());
        assertThat(s.at("/00080061/Value").toString()).contains("\"CT\"");
        assertThat(s.at("/00201206/Value/0").asInt()).isEqualTo(ct.series().size());
        assertThat(s.at("/00201208/Value/0").asInt()).isEqualTo(TestData.ctInstances());
        assertThat(value(s, "00080056")).isEqualTo("ONLINE");
        assertThat(value(s, "00081190"))
                .isEqualTo(Http.DICOMWEB + "/studies/" + ct.info().studyInstanceUid());
        for (String tag : List.of("00100010", "00100030", "00100040", "00200010", "00080090", "00080201")) {
            assertThat(s.has(tag)).as(tag).isTrue();
        }
    }

    @Test
    void uidListsWithCommaOrBackslash() {
        String a = ct.info().studyInstanceUid();
        String b = dx.info().studyInstanceUid();
        assertThat(uids(query("/studies?StudyInstanceUID=" + a + "," + b), "0020000D"))
                .containsExactlyInAnyOrder(a, b);
        assertThat(uids(query("/studies?StudyInstanceUID=" + a + enc("\\") + b), "0020000D"))
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void koreanNamesAreReturnedWithTheirThreeGroups() {
        // ISO 2022 IR 149 in the file (CT) and UTF-8 (DX): the same JSON either way
        for (GroundTruth g : List.of(ct, dx)) {
            JsonNode s = single(query("/studies?StudyInstanceUID=" + g.info().studyInstanceUid()));
            String[] groups = g.patient().name().split("=");
            JsonNode pn = s.at("/00100010/Value/0");
            assertThat(pn.get("Alphabetic").asText()).isEqualTo(groups[0]);
            assertThat(pn.get("Ideographic").asText()).isEqualTo(groups[1]);
            assertThat(pn.get("Phonetic").asText()).isEqualTo(groups[2]);
        }
        JsonNode k = single(query("/studies?StudyInstanceUID=" + KOREAN_STUDY));
        assertThat(k.at("/00100010/Value/0").toString()).contains("김희중");
        // matching on the Hangul group
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=" + enc("김희중")), "0020000D"))
                .containsExactly(KOREAN_STUDY);
        String hangulFamily = ct.patient().name().split("=")[2].split("\\^")[0];
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=" + enc(hangulFamily)), "0020000D"))
                .contains(ct.info().studyInstanceUid());
    }

    @Test
    void wildcardsAreCaseSensitiveWithoutFuzzyMatching() {
        assertThat(uids(query("/studies?PatientName=" + enc("Äneas*")), "0020000D"))
                .containsExactly(GERMAN_STUDY);
        assertThat(uids(query("/studies?PatientName=" + enc("Buc^J?r?me")), "0020000D"))
                .containsExactly(FRENCH_STUDY);
        assertThat(query("/studies?PatientName=" + enc("buc*"))).isEmpty();
        assertThat(uids(query("/studies?PatientName=" + enc("Yamada^Tarou")), "0020000D"))
                .as("the alphabetic group alone matches")
                .containsExactly(JAPANESE_STUDY);
        assertThat(uids(
                        query("/studies?StudyDescription=" + enc(ct.info().description() + " " + UID.JPEG2000Lossless)),
                        "0020000D"))
                .hasSize(1);
        assertThat(query("/studies?AccessionNumber=" + enc(ct.info().accessionNumber() + "*"))
                        .size())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void fuzzyMatchingIgnoresCaseAndAccents() {
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=rudiger"), "0020000D"))
                .containsExactly(GERMAN_STUDY);
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=aneas"), "0020000D"))
                .containsExactly(GERMAN_STUDY);
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=" + enc("JÉRÔME")), "0020000D"))
                .containsExactly(FRENCH_STUDY);
        assertThat(uids(query("/studies?fuzzymatching=true&PatientName=" + enc("山田")), "0020000D"))
                .containsExactly(JAPANESE_STUDY);
        assertThat(query("/studies?fuzzymatching=true&PatientName=eas"))
                .as("word starts only")
                .isEmpty();
    }

    @Test
    void dateAndTimeRanges() {
        String date = ct.info().studyDate();
        String uid = ct.info().studyInstanceUid();
        assertThat(uids(query("/studies?StudyDate=" + date), "0020000D")).contains(uid);
        assertThat(uids(query("/studies?StudyDate=" + date + "-" + date), "0020000D"))
                .contains(uid);
        assertThat(uids(query("/studies?StudyDate=-" + date), "0020000D")).contains(uid);
        assertThat(uids(query("/studies?StudyDate=" + date + "-"), "0020000D")).contains(uid);
        assertThat(uids(query("/studies?StudyDate=19000101-19000102"), "0020000D"))
                .isEmpty();
        String time = ct.info().studyTime();
        assertThat(uids(
                        query("/studies?StudyDate=" + date + "&StudyTime=" + time.substring(0, 4) + "-"
                                + time.substring(0, 4)),
                        "0020000D"))
                .as("HHMM range includes HHMMSS")
                .contains(uid);
        assertThat(Http.get("/studies?StudyDate=2020-01-01").statusCode()).isEqualTo(400);
        assertThat(Http.get("/studies?StudyTime=99x").statusCode()).isEqualTo(400);
    }

    @Test
    void modalitiesInStudy() {
        assertThat(uids(query("/studies?ModalitiesInStudy=CT"), "0020000D"))
                .contains(ct.info().studyInstanceUid())
                .doesNotContain(dx.info().studyInstanceUid());
        assertThat(uids(query("/studies?ModalitiesInStudy=CT,DX"), "0020000D"))
                .contains(ct.info().studyInstanceUid(), dx.info().studyInstanceUid());
    }

    @Test
    void includefieldAsListRepeatedTagAndAll() {
        String base = "/studies?StudyInstanceUID=" + ct.info().studyInstanceUid();
        JsonNode list = single(query(base + "&includefield=" + enc("Manufacturer,00180050")));
        assertThat(value(list, "00080070")).isEqualTo("Radflow");
        assertThat(list.has("00180050")).isTrue();
        JsonNode repeated = single(query(base + "&includefield=Manufacturer&includefield=SliceThickness"));
        assertThat(value(repeated, "00080070")).isEqualTo("Radflow");
        assertThat(repeated.has("00180050")).isTrue();
        JsonNode all = single(query(base + "&includefield=all"));
        assertThat(all.has("00080062")).as("SOPClassesInStudy").isTrue();
        assertThat(all.has("00100021")).as("IssuerOfPatientID").isTrue();
        JsonNode series = single(query("/studies/" + ct.info().studyInstanceUid()
                + "/series?SeriesNumber=1&includefield=BodyPartExamined,ProtocolName"));
        assertThat(series.has("00180015")).isTrue();
        assertThat(Http.get(base + "&includefield=NoSuchKeyword").statusCode()).isEqualTo(400);
    }

    @Test
    void limitAndOffsetPage() {
        List<String> all = uids(query("/studies"), "0020000D");
        assertThat(all.size()).isGreaterThanOrEqualTo(8);
        List<String> paged = new ArrayList<>();
        for (int off = 0; off < all.size(); off += 3) {
            paged.addAll(uids(query("/studies?limit=3&offset=" + off), "0020000D"));
        }
        assertThat(paged).isEqualTo(all);
        assertThat(Http.get("/studies?limit=-1").statusCode()).isEqualTo(400);
        assertThat(Http.get("/studies?offset=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void seriesAndInstanceLevels() {
        String study = ct.info().studyInstanceUid();
        String series = ct.series().get(0).seriesInstanceUid();
        assertThat(query("/studies/" + study + "/series")).hasSize(ct.series().size());
        JsonNode s = single(query("/studies/" + study + "/series?SeriesInstanceUID=" + series));
        assertThat(value(s, "0020000E")).isEqualTo(series);
        assertThat(value(s, "00080060")).isEqualTo("CT");
        assertThat(s.at("/00201209/Value/0").asInt()).isEqualTo(TestData.CT_SLICES);
        assertThat(value(s, "00081190")).isEqualTo(Http.DICOMWEB + "/studies/" + study + "/series/" + series);
        assertThat(uids(query("/series?Modality=DX"), "0020000D"))
                .contains(dx.info().studyInstanceUid());
        assertThat(query("/series?Modality=DX").get(0).has("00100010"))
                .as("relational: study attributes")
                .isTrue();
        List<JsonNode> instances = query("/studies/" + study + "/series/" + series + "/instances");
        assertThat(instances).hasSize(TestData.CT_SLICES);
        assertThat(instances.get(0).has("00080016")).isTrue();
        assertThat(instances.get(0).has("00280010")).isTrue();
        assertThat(query("/studies/" + study + "/instances?InstanceNumber=3"))
                .hasSize(ct.series().size());
        assertThat(query("/studies/" + study + "/instances?InstanceNumber=3&SeriesInstanceUID=" + series))
                .hasSize(1);
        String sop = ct.series().get(0).sopInstanceUids().get(2);
        JsonNode i = single(query("/instances?SOPInstanceUID=" + sop));
        assertThat(value(i, "0020000D")).isEqualTo(study);
        assertThat(value(i, "00081190")).endsWith("/instances/" + sop);
    }

    @Test
    void errorsAndHostileValues() {
        assertThat(Http.get("/studies?NoSuchKeyword=1").statusCode()).isEqualTo(400);
        assertThat(Http.get("/studies?StudyInstanceUID=1.2.x").statusCode()).isEqualTo(400);
        assertThat(Http.get("/studies/1.2.x/series").statusCode()).isEqualTo(400);
        assertThat(Http.get("/studies", "Accept", "application/xml").statusCode())
                .isEqualTo(406);
        assertThat(query("/studies?PatientName=" + enc("x' OR '1'='1"))).isEmpty();
        assertThat(query("/studies?PatientID=" + enc("%"))).isEmpty();
        assertThat(query("/studies?StudyInstanceUID=1.2.3.4.5.6.7")).isEmpty();
    }

    private static List<JsonNode> query(String path) {
        HttpResponse<byte[]> r = Http.get(path, "Accept", "application/dicom+json");
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/dicom+json");
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode single(List<JsonNode> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static String value(JsonNode n, String tag) {
        return n.at("/" + tag + "/Value/0").asText(null);
    }

    private static List<String> uids(List<JsonNode> results, String tag) {
        return results.stream().map(n -> value(n, tag)).toList();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
