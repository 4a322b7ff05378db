package io.radflow.dicom.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away Orthanc (Debian package) with its DICOMweb plugin ({@code orthanc-dicomweb}): DICOM
 * and HTTP on fresh ports, HTTP for loopback clients only, TCP_NODELAY set.
 */
public final class OrthancPeer implements AutoCloseable {
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    /** Orthanc's HTTP port (REST API, DICOMweb at /dicom-web/). */
    public final int httpPort;

    /** Orthanc's DICOM port (AE title ORTHANC). */
    public final int dicomPort;

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private OrthancPeer(Path dir, int http, int dicom) throws IOException {
        Path bin = Peers.require("Orthanc", "orthanc");
        if (!Files.exists(DICOMWEB_PLUGIN)) {
            Peers.require("libOrthancDicomWeb.so", "orthanc-dicomweb");
        }
        httpPort = http > 0 ? http : freePort();
        dicomPort = dicom > 0 ? dicom : freePort();
        Files.createDirectories(dir);
        String config =
                """
                {
                  "Name": "RadflowResults", "StorageDirectory": "%s", "IndexDirectory": "%s",
                  "HttpPort": %d, "DicomPort": %d, "DicomAet": "ORTHANC",
                  "RemoteAccessAllowed": false, "KeepAlive": false, "AuthenticationEnabled": false,
                  "DicomAlwaysAllowStore": true, "DicomCheckCalledAet": false,
                  "Plugins": ["%s"], "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
                }
                """
                        .formatted(dir.resolve("storage"), dir.resolve("index"), httpPort, dicomPort, DICOMWEB_PLUGIN);
        Path cfg = dir.resolve("orthanc.json");
        Files.writeString(cfg, config);
        log = dir.resolve("orthanc.log");
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        process = pb.start();
    }

    /** Starts Orthanc with its data, configuration and log in {@code dir}; returns when HTTP and DICOM answer. */
    public static OrthancPeer start(Path dir) throws Exception {
        return start(dir, 0, 0);
    }

    /** Starts Orthanc on the given HTTP and DICOM ports (0: a free one). */
    public static OrthancPeer start(Path dir, int httpPort, int dicomPort) throws Exception {
        OrthancPeer o = new OrthancPeer(dir, httpPort, dicomPort);
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (!(o.up() && listening(o.dicomPort))) {
            if (Instant.now().isAfter(end) || !o.process.isAlive()) {
                String text = Files.readString(o.log);
                o.close();
                throw new IllegalStateException("Orthanc did not start: " + text);
            }
            Thread.sleep(200);
        }
        return o;
    }

    /** GET of a path ("/system", "/dicom-web/studies") with optional header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET of a path, the body as bytes. */
    public HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private boolean up() {
        try {
            return get("/system").body().startsWith("{");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The DICOMweb root URL ("http://127.0.0.1:PORT/dicom-web"). */
    public String dicomWebRoot() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
    }

    /** Orthanc's log so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free on the loopback interface now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
