package io.radflow.ingest;

import io.radflow.dicom.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away PKI for the DICOM TLS tests, made with {@code openssl} under {@code target/dicom-tls} at
 * test time (never committed): a CA, a server certificate for 127.0.0.1 in a PKCS12 key store with a
 * random password, and a client certificate with its key in PEM for dcmtk.
 */
record TestCertificates(Path dir, Path ca, Path serverKeyStore, String password, Path clientKey, Path clientCert) {

    /**
     * The certificates under {@code target/dicom-tls}: made now, or reused when made less than a day ago
     * (Quarkus reads a test profile's overrides in more than one class loader, and both must agree).
     */
    static synchronized TestCertificates generate() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "dicom-tls").toAbsolutePath());
            Path passwordFile = dir.resolve("server.p12.password");
            if (Files.exists(passwordFile)
                    && Files.exists(dir.resolve("client.pem"))
                    && Files.getLastModifiedTime(passwordFile)
                            .toInstant()
                            .isAfter(java.time.Instant.now().minus(java.time.Duration.ofDays(1)))) {
                return of(dir, Files.readString(passwordFile));
            }
            String password = UUID.randomUUID().toString();
            openssl(
                    dir,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=Radflow Test CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign");
            leaf(dir, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
            leaf(dir, "client", "/CN=STORESCU", "extendedKeyUsage=clientAuth\n");
            openssl(
                    dir,
                    "pkcs12",
                    "-export",
                    "-in",
                    "server.pem",
                    "-inkey",
                    "server.key",
                    "-certfile",
                    "ca.pem",
                    "-name",
                    "radflow",
                    "-out",
                    "server.p12",
                    "-passout",
                    "pass:" + password);
            Files.writeString(dir.resolve("server.p12.password.tmp"), password);
            Files.move(
                    dir.resolve("server.p12.password.tmp"),
                    passwordFile,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return of(dir, password);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestCertificates of(Path dir, String password) {
        return new TestCertificates(
                dir,
                dir.resolve("ca.pem"),
                dir.resolve("server.p12"),
                password,
                dir.resolve("client.key"),
                dir.resolve("client.pem"));
    }

    private static void leaf(Path dir, String name, String subject, String extensions) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.US_ASCII);
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                subject);
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "2",
                "-extfile",
                name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws IOException {
        Path openssl = Peers.require("openssl", "openssl");
        List<String> cmd = new java.util.ArrayList<>(List.of(openssl.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
