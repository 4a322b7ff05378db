package io.radflow.ingest;

import io.radflow.dicom.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** dcmtk {@code storescu} (with {@code TCP_NODELAY=1}) as the hospital's sender, plain, with TLS or with a JWT. */
final class Storescu {
    private final List<String> options = new ArrayList<>();
    private final String callingAet;
    private String calledAet = "RADFLOW";

    private Storescu(String callingAet) {
        this.callingAet = callingAet;
    }

    static Storescu as(String callingAet) {
        return new Storescu(callingAet);
    }

    /** Addresses {@code calledAet} instead of the default AE {@code RADFLOW}. */
    Storescu to(String calledAet) {
        this.calledAet = calledAet;
        return this;
    }

    /** User identity negotiation with this JWT (type 5), asking for a positive response. */
    Storescu jwt(String token) throws IOException {
        Path file = Files.createTempFile(Files.createDirectories(Path.of("target", "test-data")), "jwt-", ".txt");
        Files.writeString(file, token, StandardCharsets.US_ASCII);
        options.addAll(List.of("--jwt", file.toString(), "--pos-response"));
        return this;
    }

    /** DICOM TLS with a client certificate, trusting {@code ca}. */
    Storescu tls(Path key, Path cert, Path ca) {
        options.addAll(List.of("+tls", key.toString(), cert.toString(), "+cf", ca.toString()));
        return this;
    }

    /** DICOM TLS without a client certificate, trusting {@code ca}. */
    Storescu anonymousTls(Path ca) {
        options.addAll(List.of("+tla", "+cf", ca.toString()));
        return this;
    }

    /** Sends the files to the called AE ({@code RADFLOW}) at 127.0.0.1:{@code port}; exit status and output. */
    Peers.Result send(int port, List<Path> files) throws IOException, InterruptedException {
        Path storescu = Peers.require("storescu", "dcmtk");
        List<String> cmd = new ArrayList<>(List.of(storescu.toString(), "-aet", callingAet, "-aec", calledAet));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(String.valueOf(port));
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Peers.Result(p.waitFor(), out);
    }
}
