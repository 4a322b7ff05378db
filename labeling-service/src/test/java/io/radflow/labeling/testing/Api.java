package io.radflow.labeling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** JSON requests to the labeling API ({@code /api/v1}) as a demo user of a role (test-key tokens). */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Api() {}

    /** An answer: status and JSON body (null when not JSON). */
    public record Answer(int status, JsonNode json, String text) {
        /** The body's member at a JSON pointer, as text. */
        public String at(String pointer) {
            return json == null ? null : json.at(pointer).asText();
        }
    }

    public static Answer get(String role, String path) {
        return send(role, HttpRequest.newBuilder(uri(path)).GET());
    }

    public static Answer post(String role, String path, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(
                role,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** Creates a label set on a series with segments 1..n of the known {@code labels}. */
    public static Answer createLabelSet(String role, String study, String series, String name, String... labels) {
        java.util.List<java.util.Map<String, Object>> segments = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            segments.add(java.util.Map.of("number", i + 1, "label", labels[i]));
        }
        return post(
                role,
                "/api/v1/label-sets",
                java.util.Map.of(
                        "studyInstanceUID", study, "seriesInstanceUID", series, "name", name, "segments", segments));
    }

    /** A raw request (the caller sets method and body), as {@code role} (test key) or, when it starts
     * with {@code Bearer }, with that Authorization (e.g. a real Keycloak token). */
    public static Answer send(String role, HttpRequest.Builder b) {
        if (role != null) {
            b.header("Authorization", role.startsWith("Bearer ") ? role : Http.authorization(role));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.headers().firstValue("Content-Type").orElse("").contains("json")
                    && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Answer(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : Http.ROOT + path);
    }
}
