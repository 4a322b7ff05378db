package io.radflow.labeling.wado;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Points the BulkDataURIs of ingest's prepared metadata at the DICOMweb root the client used:
 * ingest writes them under its configured retrieve base ({@code
 * http://localhost:8080/dicomweb/studies/…/bulk/7FE00010}, see {@code docs/archive-index.md}); the
 * part before {@code /studies/} is replaced by this request's root, so the URIs resolve whether the
 * server is reached as localhost, 127.0.0.1, another port or through a proxy.
 */
final class PreparedMetadataRewriter {
    private static final byte[] KEY = "\"BulkDataURI\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STUDIES = "studies/".getBytes(StandardCharsets.US_ASCII);

    private PreparedMetadataRewriter() {}

    /** {@code json} with every BulkDataURI rebased onto {@code baseUrl}. */
    static byte[] rewrite(byte[] json, String baseUrl) {
        byte[] prefix = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + json.length / 16);
        int from = 0;
        for (int i = indexOf(json, KEY, 0, json.length); i >= 0; i = indexOf(json, KEY, from, json.length)) {
            int v = i + KEY.length;
            int end = v;
            while (end < json.length && json[end] != '"') {
                end++;
            }
            int s = indexOf(json, STUDIES, v, end);
            out.write(json, from, v - from);
            if (s >= 0 && (s == v || json[s - 1] == '/')) {
                out.write(prefix, 0, prefix.length);
                from = s;
            } else {
                from = v;
            }
        }
        out.write(json, from, json.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte[] key, int from, int to) {
        outer:
        for (int i = from; i <= to - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (b[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
