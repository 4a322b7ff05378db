package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.NodeScripts;
import io.radflow.labeling.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real OHIF viewer (npm {@code @ohif/app}, served at {@code /viewer/}) in headless Debian
 * chromium: the study list shows the test studies, a 300-slice CT renders, scrolling reaches slice
 * 150, the MPR layout renders three views (cross-origin isolated), a DX renders with a sensible
 * window, and no request fails. Screenshots are kept in {@code target/ohif-screenshots}.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class OhifViewerInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void studyListCtScrollMprAndDx() throws Exception {
        NodeScripts.require();
        assertThat(Path.of("target/ohif/dist/index.html")).exists();
        var ct = TestData.ct300();
        var dx = TestData.dx();
        Path out = Path.of("target/ohif-screenshots").toAbsolutePath();
        Map<String, Object> args = Map.of(
                "base", Http.ROOT,
                "ct", ct.info().studyInstanceUid(),
                "ctDescription", ct.info().description(),
                "dx", dx.info().studyInstanceUid(),
                "out", out.toString());
        JsonNode r = JSON.readTree(NodeScripts.run("ohif-viewer.mjs", JSON.writeValueAsString(args), 15));
        assertThat(r.has("error")).as(r.toString()).isFalse();

        String list = r.get("studyList").asText();
        int instances = ct.series().stream().mapToInt(s -> s.files().size()).sum();
        assertThat(list)
                .contains(ct.info().description(), dx.info().description(), "CT", "DX", String.valueOf(instances));
        assertThat(r.get("crossOriginIsolated").asBoolean()).isTrue();
        assertThat(r.get("sliceText").asText()).contains("150");
        assertThat(lit(r.get("ctStats"))).isGreaterThanOrEqualTo(1);
        assertThat(lit(r.get("sliceStats"))).isGreaterThanOrEqualTo(1);
        assertThat(lit(r.get("mprStats"))).isGreaterThanOrEqualTo(3);
        JsonNode dxView = r.get("dxStats").get(0);
        assertThat(dxView.get("mean").asDouble())
                .as("DX window neither black nor white")
                .isBetween(25.0, 230.0);
        assertThat(dxView.get("std").asDouble()).isGreaterThan(20);
        assertThat(r.get("failures")).as("failed requests").isEmpty();
        for (String png :
                new String[] {"1-study-list.png", "2-ct.png", "3-ct-slice-150.png", "4-mpr.png", "5-dx.png"}) {
            assertThat(Files.size(out.resolve(png))).isGreaterThan(1000);
        }
    }

    private static long lit(JsonNode stats) {
        long n = 0;
        for (JsonNode s : stats) {
            if (s.get("litFraction").asDouble() > 0.05 && s.get("std").asDouble() > 10) {
                n++;
            }
        }
        return n;
    }
}
