package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS retrieve of studies/series/instances with transfer syntax negotiation, metadata (from
 * ingest's prepared metadata, gzip), and the browser headers.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class RetrieveTest {

    @Test
    void instanceAsStoredAndTranscodedToExplicitLittleEndian() throws IOException {
        TestData.requireDcmtkCopies();
        Attributes src = FramesTest.read(TestData.copyDir(UID.RLELossless).resolve("2.dcm"));
        String url = "/studies/" + src.getString(Tag.StudyInstanceUID) + "/series/"
                + src.getString(Tag.SeriesInstanceUID) + "/instances/" + src.getString(Tag.SOPInstanceUID);

        HttpResponse<byte[]> stored =
                Http.get(url, "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        assertThat(stored.statusCode()).isEqualTo(200);
        Http.Part p = Http.parts(stored).get(0);
        assertThat(p.contentType()).isEqualTo("application/dicom; transfer-syntax=" + UID.RLELossless);
        assertThat(transferSyntax(p.body())).isEqualTo(UID.RLELossless);

        HttpResponse<byte[]> dflt = Http.get(url, "Accept", "multipart/related; type=\"application/dicom\"");
        assertThat(dflt.statusCode()).isEqualTo(200);
        byte[] part10 = Http.parts(dflt).get(0).body();
        assertThat(transferSyntax(part10)).isEqualTo(UID.ExplicitVRLittleEndian);
        assertThat(frame(part10)).isEqualTo(FramesTest.nativeFrame(TestData.ct().file(2)));

        assertThat(Http.get(
                                url,
                                "Accept",
                                "multipart/related; type=\"application/dicom\"; transfer-syntax=" + UID.JPEGLSLossless)
                        .statusCode())
                .isEqualTo(406);
        assertThat(Http.get(url, "Accept", "application/json").statusCode()).isEqualTo(406);
    }

    @Test
    void seriesAndStudyRetrieveSendEveryInstance() {
        var ct = TestData.ct();
        String study = ct.info().studyInstanceUid();
        HttpResponse<byte[]> series = Http.get(
                "/studies/" + study + "/series/" + ct.series().get(0).seriesInstanceUid(),
                "Accept",
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(Http.parts(series)).hasSize(TestData.CT_SLICES);
        HttpResponse<byte[]> all = Http.get("/studies/" + study);
        assertThat(Http.parts(all)).hasSize(TestData.ctInstances());
        assertThat(Http.get("/studies/1.2.3.4.404").statusCode()).isEqualTo(404);
    }

    @Test
    void seriesMetadataFromThePreparedIndexWithGzip() throws IOException {
        var ct = TestData.ct();
        String url = "/studies/" + ct.info().studyInstanceUid() + "/series/"
                + ct.series().get(0).seriesInstanceUid() + "/metadata";
        HttpResponse<byte[]> plain = Http.get(url, "Accept", "application/dicom+json");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/dicom+json");
        String json = new String(plain.body(), "UTF-8");
        assertThat(json.split("\"00080018\"")).hasSize(TestData.CT_SLICES + 1);
        assertThat(json)
                .contains("\"BulkDataURI\":\"" + Http.DICOMWEB + "/studies/")
                .doesNotContain("localhost:8080");

        HttpResponse<byte[]> gz = Http.get(url, "Accept", "application/dicom+json", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> study = Http.get("/studies/" + ct.info().studyInstanceUid() + "/metadata");
        assertThat(new String(study.body(), "UTF-8").split("\"00080018\"")).hasSize(TestData.ctInstances() + 1);
        assertThat(Http.get("/studies/1.2.3.4.404/metadata").statusCode()).isEqualTo(404);
        assertThat(Http.get("/studies/x.y/metadata").statusCode()).isEqualTo(400);
    }

    @Test
    void browserHeaders() {
        var ct = TestData.ct();
        HttpResponse<byte[]> r = Http.get(
                "/studies?StudyInstanceUID=" + ct.info().studyInstanceUid(), "Origin", "http://localhost:3000");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        assertThat(r.headers().firstValue("Cross-Origin-Embedder-Policy")).hasValue("require-corp");
        assertThat(r.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
        assertThat(Http.get("/studies", "Origin", "http://evil.example")
                        .headers()
                        .firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    private static String transferSyntax(byte[] part10) throws IOException {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            return in.readFileMetaInformation().getString(Tag.TransferSyntaxUID);
        }
    }

    private static byte[] frame(byte[] part10) throws IOException {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            return PixelData.of(ds, in.getTransferSyntax()).decodedFrame(0);
        }
    }
}
