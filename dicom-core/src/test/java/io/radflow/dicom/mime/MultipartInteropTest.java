package io.radflow.dicom.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.radflow.dicom.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart against independent implementations: curl uploads a STOW-RS style body that {@link
 * MultipartReader} reads, and requests_toolbelt's {@code MultipartDecoder} (Debian package
 * python3-requests-toolbelt) decodes what {@link MultipartWriter} writes.
 */
class MultipartInteropTest {

    @Test
    void readsWhatCurlUploads(@TempDir Path dir) throws Exception {
        Path curl = Peers.require("curl", "curl");
        List<byte[]> files = List.of(binary(1, 200_000), binary(2, 5), binary(3, 1_000_003));
        List<String> args = new ArrayList<>(List.of(
                curl.toString(),
                "-sS",
                "-H",
                "Expect:",
                "-H",
                "Content-Type: multipart/related; type=\"application/dicom\""));
        for (int i = 0; i < files.size(); i++) {
            Path f = dir.resolve("i" + i + ".dcm");
            Files.write(f, files.get(i));
            args.add("-F");
            args.add("file=@" + f + ";type=application/dicom");
        }
        List<String> seen = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dicomweb/studies", ex -> {
            String result;
            try (InputStream body = ex.getRequestBody()) {
                MultipartReader r =
                        MultipartReader.of(body, ex.getRequestHeaders().getFirst("Content-Type"));
                for (MultipartPart p; (p = r.nextPart()) != null; ) {
                    seen.add(p.mediaType("?") + " " + md5(p.body().readAllBytes()));
                }
                result = "OK";
            } catch (MultipartException e) {
                result = "FAILED " + e.getMessage();
            }
            byte[] b = result.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
        try {
            args.add("http://127.0.0.1:" + server.getAddress().getPort() + "/dicomweb/studies");
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).isEqualTo("OK");
        } finally {
            server.stop(0);
        }
        assertThat(seen)
                .containsExactly(
                        "application/dicom " + md5(files.get(0)),
                        "application/dicom " + md5(files.get(1)),
                        "application/dicom " + md5(files.get(2)));
    }

    @Test
    void requestsToolbeltDecodesWhatTheWriterWrites(@TempDir Path dir) throws Exception {
        String python = requireToolbelt();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(body);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.writeBytes(binary(10 + i, 70_000 * i + 1));
            f.writeBytes(("\r\n--" + writer.boundary().substring(0, 20) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            frames.add(f.toByteArray());
            writer.writePart(
                    PartHeaders.contentType("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1")
                            .add(PartHeaders.CONTENT_LOCATION, "/studies/1/series/2/instances/3/frames/" + (i + 1)),
                    f.toByteArray(),
                    0,
                    f.size());
        }
        writer.finish();
        Path file = dir.resolve("body");
        Files.write(file, body.toByteArray());
        Path script = dir.resolve("toolbelt-decode.py");
        try (InputStream in = getClass().getResourceAsStream("/interop/toolbelt-decode.py")) {
            Files.write(script, in.readAllBytes());
        }
        String ct = writer.contentType("application/octet-stream", "1.2.840.10008.1.2.1")
                .toString();
        Process p = new ProcessBuilder(python, script.toString(), file.toString(), ct)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 4; i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertThat(n.get("len").asInt()).isEqualTo(frames.get(i).length);
            assertThat(n.get("md5").asText()).isEqualTo(md5(frames.get(i)));
            assertThat(n.get("headers").get("Content-Location").asText())
                    .isEqualTo("/studies/1/series/2/instances/3/frames/" + (i + 1));
            assertThat(n.get("headers").get("Content-Type").asText())
                    .isEqualTo("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
        }
    }

    private static String requireToolbelt() throws IOException, InterruptedException {
        String python = Peers.PYTHON;
        Process p = new ProcessBuilder(python, "-c", "import requests_toolbelt")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            String msg = "requests_toolbelt not importable by " + python
                    + ": install Debian package python3-requests-toolbelt";
            if (System.getenv("CI") != null) {
                fail(msg);
            }
            abort(msg);
        }
        return python;
    }

    private static byte[] binary(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
