package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelRaster;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.IngestStowStub;
import io.radflow.labeling.testing.NodeScripts;
import io.radflow.labeling.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code dicomweb-client} npm package (in headless chromium, as viewers use it) against the
 * labeling service: QIDO-RS, series metadata, frames whose values in HU equal the generated CT's,
 * and STOW-RS (forwarded to a loopback stand-in for ingest, {@link IngestStowStub}), with the bearer
 * token of an annotator passed through the client's {@code headers} option.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class DicomwebClientInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void qidoMetadataFramesAndStow() throws Exception {
        NodeScripts.require();
        var ct = TestData.ct();
        var series = ct.series().get(0);
        int slice = 4;
        Path file = ct.file(slice);
        List<Integer> pixels = List.of(0, 256 * 512 + 256, 300 * 512 + 200, 400 * 512 + 100);
        double[] expected = hu(file, pixels);

        Map<String, Object> args = Map.of(
                "base", Http.ROOT,
                "authorization", Http.authorization("annotator"),
                "patientId", ct.patient().id(),
                "study", ct.info().studyInstanceUid(),
                "series", series.seriesInstanceUid(),
                "sop", series.sopInstanceUids().get(slice),
                "pixels", pixels,
                "stowFile", file.toString());
        JsonNode r;
        IngestStowStub stub = IngestStowStub.get();
        r = JSON.readTree(NodeScripts.run("dicomweb-client.mjs", JSON.writeValueAsString(args), 5));
        assertThat(stub.last().length()).as("STOW body reached ingest").isGreaterThan(Files.size(file));
        assertThat(stub.last().contentType()).startsWith("multipart/related");
        assertThat(stub.last().forwardedUser()).isEqualTo("annotator");
        assertThat(r.get("studies").toString()).contains(ct.info().studyInstanceUid());
        assertThat(r.get("patientNames").toString())
                .contains(ct.patient().name().split("=")[0]);
        assertThat(r.get("series")).hasSize(ct.series().size());
        assertThat(r.get("instances").asInt()).isEqualTo(series.files().size());
        assertThat(r.get("metadata").asInt()).isEqualTo(series.files().size());
        assertThat(r.get("frameBytes").asInt()).isEqualTo(512 * 512 * 2);
        for (int i = 0; i < pixels.size(); i++) {
            assertThat(r.get("hu").get(i).asDouble())
                    .as("HU at pixel " + pixels.get(i))
                    .isEqualTo(expected[i]);
        }
        assertThat(r.get("stowResponse").asText()).contains("stub:");
    }

    /** HU = stored value × RescaleSlope + RescaleIntercept, from the generated file. */
    private static double[] hu(Path file, List<Integer> pixels) throws Exception {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            PixelRaster raster = PixelData.of(ds, in.getTransferSyntax()).raster(0);
            double slope = ds.getDouble(Tag.RescaleSlope, 1);
            double intercept = ds.getDouble(Tag.RescaleIntercept, 0);
            double[] out = new double[pixels.size()];
            for (int i = 0; i < out.length; i++) {
                int p = pixels.get(i);
                out[i] = raster.sample(p / raster.columns(), p % raster.columns(), 0) * slope + intercept;
            }
            return out;
        }
    }
}
