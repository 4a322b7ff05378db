package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Latency of the labeling DICOMweb server on the 300-slice CT (docs/benchmarks.md), one run, one
 * keep-alive HTTP/1.1 connection: WADO-RS frames as OHIF asks for them, series metadata of 300
 * instances, QIDO instances of that series, QIDO /studies. Not part of {@code verify} (the name
 * does not end in Test): {@code ./mvnw -pl labeling-service -am verify -Dtest=DicomWebBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code target/benchmarks/dicomweb.txt}.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class DicomWebBenchmark {
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void measure() throws Exception {
        var ct = TestData.ct300();
        var series = ct.series().get(0);
        String study = ct.info().studyInstanceUid();
        String base = Http.DICOMWEB + "/studies/" + study + "/series/" + series.seriesInstanceUid();
        StringBuilder report =
                new StringBuilder("labeling-service DICOMweb, 300-slice CT, one keep-alive connection\n");

        // warm-up: parse every instance once (as a viewer's first pass would), then measure
        for (String sop : series.sopInstanceUids()) {
            get(base + "/instances/" + sop + "/frames/1", FramesTest.OHIF_ACCEPT);
        }
        double[] frames = new double[100];
        for (int i = 0; i < frames.length; i++) {
            String sop = series.sopInstanceUids()
                    .get((i * 37) % series.sopInstanceUids().size());
            frames[i] = get(base + "/instances/" + sop + "/frames/1", FramesTest.OHIF_ACCEPT);
        }
        report.append(line("WADO-RS frame (512x512x16 bit, 100 requests)", frames));
        report.append(line("series metadata, 300 instances (20 requests)", repeat(base + "/metadata", 20)));
        report.append(line("series metadata, gzip (20 requests)", repeatGzip(base + "/metadata", 20)));
        report.append(line("QIDO instances of the series (20 requests)", repeat(base + "/instances", 20)));
        report.append(line("QIDO /studies (20 requests)", repeat(Http.DICOMWEB + "/studies", 20)));
        // the same measurement with the client used against Orthanc (bench/orthanc-compare.sh)
        ProcessBuilder pb = new ProcessBuilder(
                        "/usr/bin/python3", "bench/dicomweb-bench.py", Http.DICOMWEB, study, "Radflow")
                .redirectErrorStream(true);
        pb.environment().put("RADFLOW_AUTHORIZATION", Http.authorization());
        Process py = pb.start();
        report.append(new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(py.waitFor()).isZero();
        Path out = Path.of("target/benchmarks/dicomweb.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        assertThat(frames).hasSize(100);
    }

    private double[] repeat(String url, int n) throws Exception {
        get(url, "application/dicom+json");
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = get(url, "application/dicom+json");
        }
        return t;
    }

    private double[] repeatGzip(String url, int n) throws Exception {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", Http.authorization())
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            t[i] = (System.nanoTime() - start) / 1e6;
            assertThat(r.statusCode()).isEqualTo(200);
        }
        return t;
    }

    private double get(String url, String accept) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", accept)
                        .header("Authorization", Http.authorization())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return ms;
    }

    private static String line(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(
                "%-48s p50 %7.2f ms  p90 %7.2f ms  max %7.2f ms%n", what, pct(s, 50), pct(s, 90), s[s.length - 1]);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
