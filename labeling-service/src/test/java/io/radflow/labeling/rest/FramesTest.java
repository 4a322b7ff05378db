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
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WADO-RS frames and pixel bulk data from native, RLE, JPEG Lossless, JPEG-LS and JPEG 2000 stored
 * instances: as stored when asked as OHIF does, decompressed otherwise, values equal to the
 * generated CT's.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class FramesTest {
    static final String OHIF_ACCEPT = "multipart/related; type=application/octet-stream; transfer-syntax=*";

    @Test
    void nativeFrameIsTheStoredPixelData() throws IOException {
        var ct = TestData.ct();
        String sop = ct.series().get(0).sopInstanceUids().get(3);
        HttpResponse<byte[]> r = Http.get(
                framesUrl(ct.info().studyInstanceUid(), ct.series().get(0).seriesInstanceUid(), sop, "1"),
                "Accept",
                OHIF_ACCEPT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("multipart/related; type=\"application/octet-stream\"");
        List<Http.Part> parts = Http.parts(r);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).contentType()).contains("transfer-syntax=" + UID.ExplicitVRLittleEndian);
        assertThat(parts.get(0).body()).isEqualTo(nativeFrame(ct.file(3)));
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
    }

    @ParameterizedTest
    @ValueSource(strings = {UID.RLELossless, UID.JPEGLosslessSV1, UID.JPEG2000Lossless})
    void compressedFramesAsStoredAndDecompressed(String ts) throws IOException {
        if (!ts.equals(UID.JPEG2000Lossless)) {
            TestData.requireDcmtkCopies();
        }
        var ct = TestData.ct();
        Path copy = TestData.copyDir(ts).resolve("5.dcm");
        Attributes ds = read(copy);
        String url = framesUrl(
                ds.getString(Tag.StudyInstanceUID),
                ds.getString(Tag.SeriesInstanceUID),
                ds.getString(Tag.SOPInstanceUID),
                "1");

        HttpResponse<byte[]> stored = Http.get(url, "Accept", OHIF_ACCEPT);
        assertThat(stored.statusCode()).isEqualTo(200);
        Http.Part part = Http.parts(stored).get(0);
        assertThat(part.contentType()).isEqualTo("application/octet-stream; transfer-syntax=" + ts);
        PixelData pd = PixelData.of(ds, ts);
        assertThat(part.body()).isEqualTo(pd.storedFrame(0));
        assertThat(part.body().length).isLessThan(nativeFrame(ct.file(5)).length);

        HttpResponse<byte[]> decoded = Http.get(url, "Accept", "multipart/related; type=\"application/octet-stream\"");
        assertThat(decoded.statusCode()).isEqualTo(200);
        Http.Part raw = Http.parts(decoded).get(0);
        assertThat(raw.contentType()).contains("transfer-syntax=" + UID.ExplicitVRLittleEndian);
        assertThat(raw.body()).as("lossless: equal to the generated slice").isEqualTo(nativeFrame(ct.file(5)));
    }

    @Test
    void jpegLsIsServedAsStoredButCannotBeDecompressed() throws IOException {
        TestData.requireDcmtkCopies();
        Attributes ds = read(TestData.copyDir(UID.JPEGLSLossless).resolve("0.dcm"));
        String url = framesUrl(
                ds.getString(Tag.StudyInstanceUID),
                ds.getString(Tag.SeriesInstanceUID),
                ds.getString(Tag.SOPInstanceUID),
                "1");
        assertThat(Http.get(url, "Accept", OHIF_ACCEPT).statusCode()).isEqualTo(200);
        assertThat(Http.get(url, "Accept", "multipart/related; type=\"image/jls\"")
                        .statusCode())
                .isEqualTo(200);
        assertThat(Http.get(url, "Accept", "multipart/related; type=\"application/octet-stream\"")
                        .statusCode())
                .isEqualTo(406);
    }

    @Test
    void pixelDataBulkDataUriOfTheMetadataResolves() throws IOException {
        var ct = TestData.ct();
        String study = ct.info().studyInstanceUid();
        String series = ct.series().get(0).seriesInstanceUid();
        String sop = ct.series().get(0).sopInstanceUids().get(0);
        String json = new String(Http.get("/studies/" + study + "/series/" + series + "/instances/" + sop + "/metadata")
                .body());
        String uri = json.replaceAll("(?s).*\"7FE00010\":\\{\"vr\":\"O[BW]\",\"BulkDataURI\":\"([^\"]+)\".*", "$1");
        assertThat(uri).startsWith(Http.DICOMWEB + "/studies/" + study).endsWith("/bulk/7FE00010");
        HttpResponse<byte[]> r = Http.get(uri, "Accept", OHIF_ACCEPT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.parts(r).get(0).body()).isEqualTo(nativeFrame(ct.file(0)));
    }

    @Test
    void errors() {
        var ct = TestData.ct();
        String study = ct.info().studyInstanceUid();
        String series = ct.series().get(0).seriesInstanceUid();
        String sop = ct.series().get(0).sopInstanceUids().get(0);
        assertThat(Http.get(framesUrl(study, series, sop, "2"), "Accept", OHIF_ACCEPT)
                        .statusCode())
                .isEqualTo(404);
        assertThat(Http.get(framesUrl(study, series, "1.2.3.999", "1"), "Accept", OHIF_ACCEPT)
                        .statusCode())
                .isEqualTo(404);
        assertThat(Http.get(framesUrl(study, series, sop, "x"), "Accept", OHIF_ACCEPT)
                        .statusCode())
                .isEqualTo(400);
        assertThat(Http.get(framesUrl(study, series, "1.2.abc", "1"), "Accept", OHIF_ACCEPT)
                        .statusCode())
                .isEqualTo(400);
        assertThat(Http.get(framesUrl(study, series, sop, "1"), "Accept", "text/html")
                        .statusCode())
                .isEqualTo(406);
        HttpResponse<byte[]> first = Http.get(framesUrl(study, series, sop, "1"), "Accept", OHIF_ACCEPT);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(framesUrl(study, series, sop, "1"), "Accept", OHIF_ACCEPT, "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
    }

    static String framesUrl(String study, String series, String sop, String frames) {
        return "/studies/" + study + "/series/" + series + "/instances/" + sop + "/frames/" + frames;
    }

    static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(Files.newInputStream(file))) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    /** Frame 1 of a native file, little endian. */
    static byte[] nativeFrame(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            return PixelData.of(ds, in.getTransferSyntax()).decodedFrame(0);
        }
    }
}
