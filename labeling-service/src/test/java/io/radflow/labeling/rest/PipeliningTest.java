package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.mime.MultipartPart;
import io.radflow.dicom.mime.MultipartReader;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 pipelining on the DICOMweb server: several requests written on one connection before any
 * response is read (frames, metadata, QIDO, a 404 and a 401 among them) are all answered, completely and
 * in the order they were sent, each response equal to the same request's answer on a connection of its
 * own; the last request's {@code Connection: close} ends the connection after its response.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class PipeliningTest {
    private record Request(String path, String accept, boolean token) {}

    private record Reply(int status, Map<String, String> headers, byte[] body) {}

    @Test
    void pipelinedRequestsAreAnsweredCompletelyAndInOrder() throws IOException {
        var ct = TestData.ct();
        var series = ct.series().get(0);
        String base = "/dicomweb/studies/" + ct.info().studyInstanceUid() + "/series/" + series.seriesInstanceUid();
        String frames = FramesTest.OHIF_ACCEPT;
        List<Request> requests = List.of(
                new Request(base + "/instances/" + series.sopInstanceUids().get(3) + "/frames/1", frames, true),
                new Request(base + "/metadata", "application/dicom+json", true),
                new Request("/dicomweb/studies?limit=5", "application/dicom+json", true),
                new Request(base + "/instances/1.2.3.4.5.404/frames/1", frames, true),
                new Request(base + "/instances/" + series.sopInstanceUids().get(4) + "/frames/1", frames, false),
                new Request(base + "/instances/" + series.sopInstanceUids().get(5) + "/frames/1", frames, true),
                new Request(base + "/instances", "application/dicom+json", true),
                new Request(base + "/instances/" + series.sopInstanceUids().get(6) + "/frames/1", frames, true));

        URI root = URI.create(Http.ROOT);
        List<Reply> replies = new ArrayList<>();
        try (Socket s = new Socket(root.getHost(), root.getPort())) {
            s.setSoTimeout(60_000);
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < requests.size(); i++) {
                Request r = requests.get(i);
                all.append("GET ")
                        .append(r.path())
                        .append(" HTTP/1.1\r\nHost: ")
                        .append(root.getHost())
                        .append(':')
                        .append(root.getPort())
                        .append("\r\nAccept: ")
                        .append(r.accept())
                        .append("\r\n");
                if (r.token()) {
                    all.append("Authorization: ").append(Http.authorization()).append("\r\n");
                }
                if (i == requests.size() - 1) {
                    all.append("Connection: close\r\n");
                }
                all.append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(all.toString().getBytes(StandardCharsets.US_ASCII)); // every request before any read
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; i < requests.size(); i++) {
                replies.add(read(in));
            }
            assertThat(in.read())
                    .as("nothing after the last response; the server closed")
                    .isEqualTo(-1);
        }

        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Reply got = replies.get(i);
            var alone = r.token()
                    ? Http.get(Http.ROOT + r.path(), "Accept", r.accept())
                    : Http.get(Http.ROOT + r.path(), "Accept", r.accept(), "Authorization", "Bearer none");
            int expected = r.token() ? alone.statusCode() : 401;
            assertThat(got.status()).as("response %d (%s)", i, r.path()).isEqualTo(expected);
            if (expected == 200) {
                String type = got.headers().get("content-type");
                String aloneType = alone.headers().firstValue("Content-Type").orElseThrow();
                assertThat(withoutBoundary(type)).isEqualTo(withoutBoundary(aloneType));
                if (type.startsWith("multipart/")) {
                    assertThat(parts(got.body(), type))
                            .as("response %d: the frame of %s", i, r.path())
                            .containsExactlyElementsOf(parts(alone.body(), aloneType));
                } else {
                    assertThat(got.body()).as("response %d (%s)", i, r.path()).isEqualTo(alone.body());
                }
            }
        }
        assertThat(replies.get(3).status()).isEqualTo(404);
        assertThat(replies.get(4).status()).isEqualTo(401);
    }

    /** One HTTP/1.1 response: status line, headers, body by Content-Length or chunked. */
    private static Reply read(InputStream in) throws IOException {
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 ");
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = chunkSize(in); n > 0; n = chunkSize(in)) {
                body.write(in.readNBytes(n));
                assertThat(line(in)).isEmpty();
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else {
            int n = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] b = in.readNBytes(n);
            assertThat(b).as("complete body of %s", status).hasSize(n);
            body.write(b);
        }
        return new Reply(Integer.parseInt(status.substring(9, 12)), headers, body.toByteArray());
    }

    private static String withoutBoundary(String contentType) {
        return contentType.replaceAll(";\\s*boundary=[^;]*", "");
    }

    private static int chunkSize(InputStream in) throws IOException {
        String l = line(in);
        int semi = l.indexOf(';');
        return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            assertThat(c).as("connection closed inside a response").isNotEqualTo(-1);
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The parts' content types, lengths and SHA-256 of their bodies (boundaries differ between responses). */
    private static List<String> parts(byte[] body, String contentType) throws IOException {
        List<String> out = new ArrayList<>();
        try (MultipartReader mr = MultipartReader.of(new ByteArrayInputStream(body), contentType)) {
            for (MultipartPart p = mr.nextPart(); p != null; p = mr.nextPart()) {
                byte[] b = p.body().readAllBytes();
                out.add(p.headers().get("Content-Type") + " " + b.length + " bytes, SHA-256 " + sha256(b));
            }
        }
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
