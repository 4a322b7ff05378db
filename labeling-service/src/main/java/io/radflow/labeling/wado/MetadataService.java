package io.radflow.labeling.wado;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.radflow.labeling.archive.ArchiveIndex;
import io.radflow.labeling.dicomweb.DicomWebException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * WADO-RS metadata (PS3.18 10.4.1.1.2) of series, studies and instances, served from the metadata
 * ingest prepared in the index (never by opening the files). A series document is rebased onto the
 * client's DICOMweb root once and kept, with its gzip form, until the series changes.
 */
@ApplicationScoped
public class MetadataService {
    private final ArchiveIndex index;
    private final InstanceLocator locator;
    private final Cache<String, Metadata> cache = Caffeine.newBuilder()
            .maximumWeight(512L << 20)
            .weigher((String k, Metadata m) -> m.json().length + (m.gzip == null ? 0 : m.gzip.length))
            .build();

    public MetadataService(ArchiveIndex index, InstanceLocator locator) {
        this.index = index;
        this.locator = locator;
    }

    /** A metadata document: the DICOM JSON array and its entity tag; the gzip form made once on demand. */
    public static final class Metadata {
        private final byte[] json;
        private final String etag;
        private volatile byte[] gzip;

        Metadata(byte[] json, String etag) {
            this.json = json;
            this.etag = etag;
        }

        public byte[] json() {
            return json;
        }

        public String etag() {
            return etag;
        }

        /** The gzip encoding of {@link #json()}. */
        public byte[] gzip() {
            byte[] g = gzip;
            if (g == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 6 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536)) {
                    gz.write(json);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                g = gzip = out.toByteArray();
            }
            return g;
        }
    }

    /** Metadata of a series. */
    public Metadata series(String baseUrl, String study, String series) {
        InstanceLocator.checkUid(study);
        InstanceLocator.checkUid(series);
        ArchiveIndex.PreparedMetadata p = index.seriesMetadata(study, series)
                .orElseThrow(() -> DicomWebException.notFound("series " + series + " of study " + study));
        String etag = digest(baseUrl + "|" + series + "|" + p.version());
        String key = baseUrl + "|" + study + "|" + series;
        Metadata m = cache.getIfPresent(key);
        if (m != null && m.etag().equals(etag)) {
            return m;
        }
        byte[] json = p.json() != null ? p.json() : gunzip(p.gzip());
        m = new Metadata(PreparedMetadataRewriter.rewrite(json, baseUrl), etag);
        cache.put(key, m);
        return m;
    }

    /** Metadata of a study: the arrays of its series, joined. */
    public Metadata study(String baseUrl, String study) {
        InstanceLocator.checkUid(study);
        List<String> seriesUIDs = index.series(study);
        if (seriesUIDs.isEmpty()) {
            throw DicomWebException.notFound("study " + study);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder tags = new StringBuilder();
        out.write('[');
        boolean first = true;
        for (String s : seriesUIDs) {
            Metadata m = series(baseUrl, study, s);
            tags.append(m.etag());
            byte[] j = m.json();
            int start = 1;
            int end = j.length - 1;
            while (end > start && j[end] != ']') {
                end--;
            }
            if (end > start) {
                if (!first) {
                    out.write(',');
                }
                out.write(j, start, end - start);
                first = false;
            }
        }
        out.write(']');
        return new Metadata(out.toByteArray(), digest(tags.toString()));
    }

    /** Metadata of one instance (a one-element array). */
    public Metadata instance(String baseUrl, String study, String series, String sop) {
        InstanceLocator.checkUid(study);
        InstanceLocator.checkUid(series);
        InstanceLocator.checkUid(sop);
        byte[] obj = index.instanceMetadata(study, series, sop)
                .orElseThrow(() -> DicomWebException.notFound("instance " + sop + " of series " + series));
        ByteArrayOutputStream out = new ByteArrayOutputStream(obj.length + 2);
        out.write('[');
        out.writeBytes(obj);
        out.write(']');
        byte[] json = PreparedMetadataRewriter.rewrite(out.toByteArray(), baseUrl);
        return new Metadata(json, digest(sop + "|" + json.length + "|" + java.util.Arrays.hashCode(json)));
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 65536)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("prepared metadata is not gzip: " + e.getMessage(), e);
        }
    }

    static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
