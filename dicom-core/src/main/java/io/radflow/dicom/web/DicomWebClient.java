package io.radflow.dicom.web;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.json.JSONReader;
import io.radflow.dicom.mime.MediaTypes;
import io.radflow.dicom.mime.MultipartPart;
import io.radflow.dicom.mime.MultipartReader;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A DICOMweb client (PS3.18) of one archive: WADO-RS metadata and instances, STOW-RS of data sets.
 *
 * <p>The base URL is the DICOMweb root ({@code http://127.0.0.1:8080/dicomweb} for Radflow's
 * labeling-service, {@code http://127.0.0.1:8042/dicom-web} for Orthanc). Each request carries the
 * {@code Authorization} header that {@code authorization} supplies (none when it supplies null); on a
 * 401 the client runs {@code onUnauthorized} (which drops a cached token) and sends the request once
 * more. Responses are streamed: a series' instances are parsed part by part, never buffered whole.
 * Every failure is a {@link DicomWebException} that says whether a retry may succeed; a response that
 * cannot be parsed completely fails the whole call (no partial results).
 *
 * <p>Thread-safe; one instance (one {@link HttpClient}, HTTP/1.1) per archive.
 */
public final class DicomWebClient {
    /** WADO-RS Accept for instances: any transfer syntax, as stored. */
    static final String ACCEPT_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    /** Connect and request (time to the response headers) timeouts. */
    public record Timeouts(Duration connect, Duration request) {
        /** 5 s to connect, 60 s to the response headers. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));

        public Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(request, "request");
        }
    }

    private final String base;
    private final Supplier<String> authorization;
    private final Runnable onUnauthorized;
    private final Timeouts timeouts;
    private final HttpClient http;

    /** A client without authorization and with default timeouts. */
    public DicomWebClient(String baseUrl) {
        this(baseUrl, () -> null, null, Timeouts.DEFAULT);
    }

    /**
     * @param baseUrl the DICOMweb root, with or without a trailing slash
     * @param authorization the {@code Authorization} header value for each request, or null for none
     *     (in the service: {@code ServiceTokens::authorizationHeader})
     * @param onUnauthorized run once on a 401 before the one retry (in the service: {@code
     *     ServiceTokens::invalidate}), or null to not retry
     * @param timeouts connect and request timeouts
     */
    public DicomWebClient(String baseUrl, Supplier<String> authorization, Runnable onUnauthorized, Timeouts timeouts) {
        String b = Objects.requireNonNull(baseUrl, "baseUrl");
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        URI.create(base); // fail early on a malformed URL
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.onUnauthorized = onUnauthorized;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The DICOMweb root, without a trailing slash. */
    public String baseUrl() {
        return base;
    }

    /** WADO-RS {@code /studies/{study}/series/{series}/metadata}: one data set per instance, no bulk data. */
    public List<Attributes> seriesMetadata(String study, String series) throws DicomWebException {
        URI uri = uri("studies", study, "series", series, "metadata");
        HttpResponse<InputStream> rsp = get(uri, MediaTypes.APPLICATION_DICOM_JSON);
        if (rsp.statusCode() == 204) {
            close(rsp);
            return List.of();
        }
        try (InputStream in = rsp.body();
                JSONReader reader = new JSONReader(in)) {
            return reader.readDatasets();
        } catch (IOException e) {
            throw DicomWebException.ofFailure("GET " + uri + ": cannot read the metadata", uri, rsp.statusCode(), e);
        }
    }

    /** WADO-RS {@code /studies/{study}/series/{series}/instances/{instance}}: the instance with its pixel data. */
    public RetrievedInstance retrieveInstance(String study, String series, String instance) throws DicomWebException {
        List<RetrievedInstance> list = new ArrayList<>(1);
        retrieve(uri("studies", study, "series", series, "instances", instance), list::add);
        if (list.size() != 1) {
            URI uri = uri("studies", study, "series", series, "instances", instance);
            throw new DicomWebException(
                    "GET " + uri + ": " + list.size() + " instances in the response, expected 1",
                    200,
                    uri,
                    null,
                    false,
                    null);
        }
        return list.get(0);
    }

    /** WADO-RS {@code /studies/{study}/series/{series}}: all instances of the series, in arrival order. */
    public List<RetrievedInstance> retrieveSeries(String study, String series) throws DicomWebException {
        List<RetrievedInstance> list = new ArrayList<>();
        retrieveSeries(study, series, list::add);
        return list;
    }

    /**
     * WADO-RS {@code /studies/{study}/series/{series}}, each instance handed to {@code consumer} as soon
     * as it is parsed; returns how many there were.
     */
    public int retrieveSeries(String study, String series, Consumer<RetrievedInstance> consumer)
            throws DicomWebException {
        return retrieve(uri("studies", study, "series", series), consumer);
    }

    private int retrieve(URI uri, Consumer<RetrievedInstance> consumer) throws DicomWebException {
        HttpResponse<InputStream> rsp = get(uri, ACCEPT_DICOM);
        int status = rsp.statusCode();
        if (status == 204) {
            close(rsp);
            return 0;
        }
        String contentType = rsp.headers().firstValue("Content-Type").orElse(null);
        int n = 0;
        try (MultipartReader reader = MultipartReader.of(rsp.body(), contentType)) {
            for (MultipartPart part; (part = reader.nextPart()) != null; n++) {
                consumer.accept(readPart(uri, status, part));
            }
        } catch (DicomWebException e) {
            throw e;
        } catch (IOException e) {
            throw DicomWebException.ofFailure(
                    "GET " + uri + ": cannot read the multipart response after " + n + " instances", uri, status, e);
        } finally {
            close(rsp);
        }
        return n;
    }

    private static RetrievedInstance readPart(URI uri, int status, MultipartPart part) throws DicomWebException {
        String type = part.mediaType(MediaTypes.APPLICATION_DICOM);
        if (!type.equalsIgnoreCase(MediaTypes.APPLICATION_DICOM)) {
            throw new DicomWebException(
                    "GET " + uri + ": part " + (part.index() + 1) + " is " + type + ", not application/dicom",
                    status,
                    uri,
                    null,
                    false,
                    null);
        }
        DicomInputStream din = new DicomInputStream(part.body());
        try {
            Attributes fmi = din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            String ts = din.getTransferSyntax();
            if (fmi == null || ts == null) {
                throw new DicomWebException(
                        "GET " + uri + ": part " + (part.index() + 1) + " (" + ds.getString(Tag.SOPInstanceUID)
                                + ") has no File Meta Information",
                        status,
                        uri,
                        null,
                        false,
                        null);
            }
            return new RetrievedInstance(ds, ts);
        } catch (DicomWebException e) {
            throw e;
        } catch (IOException e) {
            Attributes fmi = din.getFileMetaInformation();
            String which = fmi == null ? "" : " (instance " + fmi.getString(Tag.MediaStorageSOPInstanceUID) + ")";
            throw DicomWebException.ofFailure(
                    "GET " + uri + ": cannot read part " + (part.index() + 1) + which, uri, status, e);
        }
    }

    /**
     * STOW-RS {@code POST /studies}: the data sets as Part 10 objects (Explicit VR Little Endian with
     * File Meta Information) in one {@code multipart/related; type="application/dicom"} request. Each
     * part is encoded when the request body reaches it, so one data set is in memory as bytes at a
     * time. A 200, 202 or 409 response with a DICOM JSON body is a {@link StoreResult} (409: all
     * failed); other statuses are a {@link DicomWebException}.
     */
    public StoreResult store(List<Attributes> datasets) throws DicomWebException {
        if (datasets.isEmpty()) {
            return new StoreResult(200, List.of(), List.of(), List.of());
        }
        for (Attributes ds : datasets) {
            if (ds.getString(Tag.SOPClassUID) == null || ds.getString(Tag.SOPInstanceUID) == null) {
                throw new IllegalArgumentException("a data set to store without SOPClassUID or SOPInstanceUID");
            }
        }
        String boundary = MultipartWriter.newBoundary();
        String contentType = MediaTypes.multipartRelated(MediaTypes.APPLICATION_DICOM, null, boundary)
                .toString();
        URI uri = uri("studies");
        HttpResponse<InputStream> rsp =
                send(uri, "POST", MediaTypes.APPLICATION_DICOM_JSON, b -> b.header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(() -> new Parts(datasets, boundary))));
        int status = rsp.statusCode();
        List<String> httpWarnings = rsp.headers().allValues("Warning");
        try (InputStream in = rsp.body()) {
            byte[] body = in.readAllBytes();
            if (body.length == 0) {
                return new StoreResult(status, List.of(), List.of(), httpWarnings);
            }
            try (JSONReader reader = new JSONReader(new ByteArrayInputStream(body))) {
                return StoreResult.of(status, reader.readDataset(), httpWarnings);
            }
        } catch (IOException e) {
            throw DicomWebException.ofFailure("POST " + uri + ": cannot read the STOW-RS response", uri, status, e);
        }
    }

    /** The request body, one part per data set, each encoded when the body publisher asks for it. */
    private static final class Parts implements Iterator<byte[]> {
        private final List<Attributes> datasets;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final MultipartWriter writer;
        private int next;
        private boolean finished;

        Parts(List<Attributes> datasets, String boundary) {
            this.datasets = datasets;
            this.writer = new MultipartWriter(buf, boundary);
        }

        @Override
        public boolean hasNext() {
            return !finished;
        }

        @Override
        public byte[] next() {
            if (finished) {
                throw new NoSuchElementException();
            }
            buf.reset();
            try {
                if (next < datasets.size()) {
                    Attributes ds = datasets.get(next++);
                    DicomOutputStream dos = new DicomOutputStream(
                            writer.startPart(PartHeaders.contentType(MediaTypes.APPLICATION_DICOM)),
                            UID.ExplicitVRLittleEndian);
                    dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
                    dos.flush();
                } else {
                    writer.finish();
                    finished = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }
    }

    private HttpResponse<InputStream> get(URI uri, String accept) throws DicomWebException {
        return send(uri, "GET", accept, HttpRequest.Builder::GET);
    }

    /**
     * Sends a request (again, once, after a 401 and {@code onUnauthorized}); returns a 2xx response
     * whose body the caller reads and closes, and turns any other status into an exception.
     */
    private HttpResponse<InputStream> send(
            URI uri, String method, String accept, UnaryOperator<HttpRequest.Builder> body) throws DicomWebException {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(uri).timeout(timeouts.request()).header("Accept", accept);
            String auth = authorization.get();
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<InputStream> rsp;
            try {
                rsp = http.send(body.apply(b).build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException | UncheckedIOException e) {
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                throw DicomWebException.ofFailure(method + " " + uri, uri, 0, io);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DicomWebException(method + " " + uri + ": interrupted", 0, uri, null, true, e);
            }
            int status = rsp.statusCode();
            if (status == 401 && attempt == 0 && onUnauthorized != null) {
                close(rsp);
                onUnauthorized.run();
                continue;
            }
            if (status / 100 == 2 || (status == 409 && "POST".equals(method) && isDicomJson(rsp))) {
                return rsp;
            }
            throw DicomWebException.ofStatus(method, uri, status, excerpt(rsp));
        }
    }

    private static boolean isDicomJson(HttpResponse<?> rsp) {
        return rsp.headers()
                .firstValue("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
    }

    private static String excerpt(HttpResponse<InputStream> rsp) {
        try (InputStream in = rsp.body()) {
            return new String(in.readNBytes(2048), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    private static void close(HttpResponse<InputStream> rsp) {
        try {
            rsp.body().close();
        } catch (IOException e) {
            // nothing more to read from it
        }
    }

    private URI uri(String... segments) {
        StringBuilder sb = new StringBuilder(base);
        for (String s : segments) {
            sb.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        return URI.create(sb.toString());
    }
}
