package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** WADO-RS rendered frames, series and studies (window, viewport, quality) and thumbnails of studies, series, instances. */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class RenderedTest {

    @Test
    void renderedPngAndJpegWithWindowViewportAndQuality() throws IOException {
        String inst = instanceUrl();
        HttpResponse<byte[]> png = Http.get(inst + "/rendered?window=40,400", "Accept", "image/png");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(img.getWidth()).isEqualTo(512);

        // air (-1000 HU) is black in a soft tissue window; a narrow bone window makes soft tissue black too
        BufferedImage soft = image(Http.get(inst + "/frames/1/rendered?window=40,400,LINEAR", "Accept", "image/png"));
        BufferedImage bone = image(Http.get(inst + "/frames/1/rendered?window=1000,200", "Accept", "image/png"));
        assertThat(mean(soft)).isGreaterThan(mean(bone));
        assertThat(grey(soft, 2, 2)).isEqualTo(0);

        HttpResponse<byte[]> small = Http.get(inst + "/rendered?viewport=128,128&quality=50", "Accept", "image/jpeg");
        assertThat(small.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image(small).getWidth()).isEqualTo(128);
        HttpResponse<byte[]> best = Http.get(inst + "/rendered?quality=100", "Accept", "image/jpeg");
        HttpResponse<byte[]> worst = Http.get(inst + "/rendered?quality=5", "Accept", "image/jpeg");
        assertThat(best.body().length).isGreaterThan(worst.body().length);
        assertThat(Http.get(inst + "/rendered").headers().firstValue("Content-Type"))
                .hasValue("image/jpeg");

        assertThat(Http.get(inst + "/rendered?window=40").statusCode()).isEqualTo(400);
        assertThat(Http.get(inst + "/rendered?viewport=a,b").statusCode()).isEqualTo(400);
        assertThat(Http.get(inst + "/rendered?quality=101").statusCode()).isEqualTo(400);
        assertThat(Http.get(inst + "/rendered", "Accept", "application/pdf").statusCode())
                .isEqualTo(406);
        assertThat(Http.get(inst + "/frames/9/rendered").statusCode()).isEqualTo(404);
    }

    @Test
    void renderedSeriesAndStudyAreOnePartPerImageInInstanceOrder() throws IOException {
        var ct = TestData.ct();
        String study = "/studies/" + ct.info().studyInstanceUid();
        var first = ct.series().get(0);
        String series = study + "/series/" + first.seriesInstanceUid();

        HttpResponse<byte[]> r = Http.get(series + "/rendered?viewport=64,64&window=40,400");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("multipart/related; type=\"image/jpeg\"; boundary=");
        List<Http.Part> parts = Http.parts(r);
        String instances = Http.DICOMWEB + series + "/instances/";
        assertThat(parts)
                .extracting(Http.Part::contentLocation)
                .containsExactlyElementsOf(first.sopInstanceUids().stream()
                        .map(uid -> instances + uid + "/rendered")
                        .toList());
        for (Http.Part p : parts) {
            assertThat(p.contentType()).isEqualTo("image/jpeg");
            assertThat(ImageIO.read(new ByteArrayInputStream(p.body())).getWidth())
                    .isEqualTo(64);
        }
        // each part is what its own rendered resource answers with the same options
        int mid = TestData.CT_SLICES / 2;
        assertThat(parts.get(mid).body())
                .isEqualTo(Http.get(parts.get(mid).contentLocation() + "?viewport=64,64&window=40,400")
                        .body());

        HttpResponse<byte[]> png =
                Http.get(study + "/rendered?viewport=32,32", "Accept", "multipart/related; type=\"image/png\"");
        assertThat(png.statusCode()).isEqualTo(200);
        List<Http.Part> all = Http.parts(png);
        assertThat(all).hasSize(TestData.ctInstances());
        assertThat(all).allSatisfy(p -> assertThat(p.contentType()).isEqualTo("image/png"));
        assertThat(all.get(0).contentLocation()).isEqualTo(parts.get(0).contentLocation());
        assertThat(Http.get(series + "/rendered?viewport=32,32", "Accept", "image/png")
                        .headers()
                        .firstValue("Content-Type")
                        .orElseThrow())
                .startsWith("multipart/related; type=\"image/png\"");

        assertThat(Http.get(series + "/rendered?window=40").statusCode()).isEqualTo(400);
        assertThat(Http.get(study + "/rendered", "Accept", "multipart/related; type=\"application/dicom\"")
                        .statusCode())
                .isEqualTo(406);
        assertThat(Http.get("/studies/1.2.3.404/rendered").statusCode()).isEqualTo(404);
        assertThat(Http.get(study + "/series/1.2.3.404/rendered").statusCode()).isEqualTo(404);
    }

    @Test
    void thumbnails() throws IOException {
        var ct = TestData.ct();
        String study = "/studies/" + ct.info().studyInstanceUid();
        String series = study + "/series/" + ct.series().get(0).seriesInstanceUid();
        for (String url : new String[] {study + "/thumbnail", series + "/thumbnail", instanceUrl() + "/thumbnail"}) {
            HttpResponse<byte[]> r = Http.get(url);
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            BufferedImage img = image(r);
            assertThat(Math.max(img.getWidth(), img.getHeight())).isEqualTo(128);
        }
        assertThat(Http.get(instanceUrl() + "/thumbnail", "Accept", "image/png")
                        .headers()
                        .firstValue("Content-Type"))
                .hasValue("image/png");
        assertThat(Http.get("/studies/1.2.3.404/thumbnail").statusCode()).isEqualTo(404);
    }

    private static String instanceUrl() {
        var ct = TestData.ct();
        return "/studies/" + ct.info().studyInstanceUid() + "/series/"
                + ct.series().get(0).seriesInstanceUid() + "/instances/"
                + ct.series().get(0).sopInstanceUids().get(TestData.CT_SLICES / 2);
    }

    private static BufferedImage image(HttpResponse<byte[]> r) throws IOException {
        assertThat(r.statusCode()).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    private static double mean(BufferedImage img) {
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                sum += grey(img, x, y);
            }
        }
        return (double) sum / (img.getWidth() * img.getHeight());
    }
}
