package io.radflow.ingest.dimse;

import io.radflow.ingest.config.IngestConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of the DICOM TLS listener (PS3.15 annex B) from {@code
 * radflow.ingest.dicom.tls.*}: the server key and certificate chain from a PKCS12/JKS key store, the CA
 * certificates that client certificates must chain to from a PEM file or a PKCS12/JKS trust store.
 */
final class DicomTls {
    private DicomTls() {}

    static SSLContext sslContext(IngestConfig.Tls tls) {
        Path keyStorePath = tls.keyStore()
                .orElseThrow(() -> new IllegalStateException(
                        "radflow.ingest.dicom.tls.enabled=true needs radflow.ingest.dicom.tls.key-store"));
        char[] keyPassword = tls.keyStorePassword().orElse("").toCharArray();
        try {
            KeyStore keys = load(keyStorePath, tls.keyStoreType(), keyPassword);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(tls.trustStore().isEmpty() ? null : trustStore(tls));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("DICOM TLS key or trust store unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(IngestConfig.Tls tls) throws IOException, GeneralSecurityException {
        Path path = tls.trustStore().orElseThrow();
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(path)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new GeneralSecurityException("no certificate in " + path);
                }
            }
            return ks;
        }
        String type = name.endsWith(".jks") ? "JKS" : "PKCS12";
        return load(path, type, tls.trustStorePassword().orElse("").toCharArray());
    }

    private static KeyStore load(Path path, String type, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, password);
        }
        return ks;
    }
}
