package io.radflow.ingest.rest;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.json.BulkDataReferences;
import io.radflow.dicom.json.DicomJsonException;
import io.radflow.dicom.json.JSONReader;
import io.radflow.dicom.mime.ContentType;
import io.radflow.dicom.mime.MediaTypes;
import io.radflow.dicom.mime.MultipartException;
import io.radflow.dicom.mime.MultipartPart;
import io.radflow.dicom.mime.MultipartReader;
import io.radflow.dicom.net.FileMetaInformation;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.ingest.receive.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * STOW-RS with {@code multipart/related; type="application/dicom+json"} (PS3.18 10.5.1.1): the first
 * part is the DICOM JSON metadata (an array of instances), the further parts are the bulk data the
 * metadata references by {@code BulkDataURI}, each identified by its {@code Content-Location}. Bulk
 * data parts are spooled to temporary files; each instance is then built with File Meta Information
 * whose transfer syntax follows the media type of its Pixel Data part ({@code application/octet-stream}
 * → Explicit VR Little Endian native pixels; {@code image/jpeg}, {@code image/jls}, {@code image/jp2},
 * {@code image/jpx}, {@code image/dicom-rle} → the encapsulated syntax, single frame, as one fragment),
 * and stored through exactly the same path as an {@code application/dicom} part ({@link
 * InstanceIngest#ingestAttributesAsync}: staging, validation, durable commit, index, events).
 */
final class DicomJsonStow {
    private static final Logger LOG = Logger.getLogger(DicomJsonStow.class);

    /** The metadata part is missing or not valid DICOM JSON: the request is answered 400. */
    static final class MalformedMetadataException extends Exception {
        MalformedMetadataException(String message) {
            super(message);
        }
    }

    private record Spooled(Path file, long length, ContentType contentType) {}

    private final InstanceIngest ingest;

    DicomJsonStow(InstanceIngest ingest) {
        this.ingest = ingest;
    }

    /** Reads the whole request and hands every instance to {@code ahead}. */
    void store(MultipartReader reader, Source src, String study, WriteAhead ahead)
            throws IOException, MalformedMetadataException {
        MultipartPart first = reader.nextPart();
        if (first == null) {
            throw new MalformedMetadataException("multipart body without parts");
        }
        String media = first.mediaType(MediaTypes.APPLICATION_DICOM_JSON);
        if (!MediaTypes.APPLICATION_DICOM_JSON.equalsIgnoreCase(media)
                && !MediaTypes.APPLICATION_JSON.equalsIgnoreCase(media)) {
            throw new MalformedMetadataException("first part is " + media + ", expected application/dicom+json");
        }
        List<Attributes> instances;
        try (JSONReader json = new JSONReader(first.body())) {
            instances = json.readDatasets();
        } catch (MultipartException e) {
            throw e;
        } catch (DicomJsonException e) {
            throw new MalformedMetadataException("malformed DICOM JSON metadata: " + e.getMessage());
        }
        if (instances.isEmpty()) {
            throw new MalformedMetadataException("DICOM JSON metadata without instances");
        }
        Map<String, Spooled> bulk = new HashMap<>();
        try {
            MultipartPart part;
            while ((part = reader.nextPart()) != null) {
                String location = part.contentLocation();
                if (location == null) {
                    LOG.warnf(
                            "%s: bulk data part %d without Content-Location ignored",
                            src.correlationId(), part.index());
                    part.body().transferTo(OutputStream.nullOutputStream());
                    continue;
                }
                Path f = Files.createTempFile("radflow-stow-", ".bulk");
                bulk.put(location.trim(), null); // registered before writing, so that finally removes it
                try (OutputStream out = Files.newOutputStream(f)) {
                    part.body().transferTo(out);
                } finally {
                    bulk.put(location.trim(), new Spooled(f, Files.size(f), part.contentType()));
                }
            }
            for (int i = 0; i < instances.size(); i++) {
                Source is = src.withCorrelationId(src.correlationId() + "-" + i);
                Attributes ds = instances.get(i);
                String refused = build(ds, bulk);
                if (refused != null) {
                    LOG.warnf(
                            "%s: instance %s refused: %s",
                            is.correlationId(), ds.getString(Tag.SOPInstanceUID), refused);
                    ahead.add(new IngestResult(
                            Status.CannotUnderstand,
                            IngestResult.Outcome.INVALID,
                            ds.getString(Tag.SOPClassUID),
                            ds.getString(Tag.SOPInstanceUID),
                            null,
                            null,
                            refused));
                    continue;
                }
                FileMetaInformation fmi = new FileMetaInformation(
                        ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), transferSyntaxOf(ds, bulk));
                // the staging copies the bulk data at once, so the spool files may go after this loop
                ahead.add(ingest.ingestAttributesAsync(is, study, fmi, ds));
            }
        } finally {
            for (Spooled s : bulk.values()) {
                if (s != null) {
                    Files.deleteIfExists(s.file());
                }
            }
        }
    }

    /**
     * Resolves the instance's BulkDataURIs against the spooled parts and sets up its Pixel Data;
     * returns why the instance cannot be built, or null.
     */
    private static String build(Attributes ds, Map<String, Spooled> bulk) {
        if (ds.getString(Tag.SOPClassUID) == null || ds.getString(Tag.SOPInstanceUID) == null) {
            return "SOP Class UID or SOP Instance UID missing in the DICOM JSON metadata";
        }
        Object pixel = ds.getValue(Tag.PixelData);
        String pixelUri =
                pixel instanceof BulkData bd && !bd.isFile() ? bd.uri().toString() : null;
        List<String> missing = BulkDataReferences.resolve(ds, uri -> {
            Spooled s = bulk.get(uri.trim());
            return s == null ? null : BulkData.ofFile(s.file(), 0, s.length(), false);
        });
        if (!missing.isEmpty()) {
            return "no bulk data part with Content-Location " + String.join(", ", missing)
                    + " (referenced by BulkDataURI)";
        }
        if (pixelUri == null) {
            return null;
        }
        Spooled px = bulk.get(pixelUri.trim());
        String ts;
        try {
            ts = transferSyntax(px.contentType());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!isNative(ts)) {
            int frames = ds.getInt(Tag.NumberOfFrames, 1);
            if (frames != 1) {
                return "compressed Pixel Data of " + frames
                        + " frames in one bulk data part: send one frame per instance, or application/dicom";
            }
            Fragments frags = new Fragments(VR.OB, false, 2);
            frags.add(new byte[0]); // empty Basic Offset Table
            frags.add(BulkData.ofFile(px.file(), 0, px.length(), false));
            ds.setValue(Tag.PixelData, VR.OB, frags);
        }
        return null;
    }

    private static String transferSyntaxOf(Attributes ds, Map<String, Spooled> bulk) {
        Object pixel = ds.getValue(Tag.PixelData);
        if (pixel instanceof Fragments f && f.size() > 1 && f.get(1) instanceof BulkData bd) {
            for (Spooled s : bulk.values()) {
                if (s != null && s.file().equals(bd.path())) {
                    return transferSyntax(s.contentType());
                }
            }
        }
        if (pixel instanceof BulkData bd) {
            for (Spooled s : bulk.values()) {
                if (s != null && s.file().equals(bd.path())) {
                    return transferSyntax(s.contentType());
                }
            }
        }
        return UID.ExplicitVRLittleEndian;
    }

    private static boolean isNative(String ts) {
        return ts.equals(UID.ExplicitVRLittleEndian) || ts.equals(UID.ImplicitVRLittleEndian);
    }

    private static final Map<String, Set<String>> ENCAPSULATED = Map.of(
            "image/jpeg", Set.of(UID.JPEGBaseline8Bit, "1.2.840.10008.1.2.4.51", UID.JPEGLossless, UID.JPEGLosslessSV1),
            "image/jls", Set.of(UID.JPEGLSLossless, "1.2.840.10008.1.2.4.81"),
            "image/jp2", Set.of(UID.JPEG2000Lossless, UID.JPEG2000),
            "image/jpx", Set.of("1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93"),
            "image/dicom-rle", Set.of(UID.RLELossless));

    private static final Map<String, String> DEFAULT_SYNTAX = Map.of(
            "image/jpeg", UID.JPEGBaseline8Bit,
            "image/jls", UID.JPEGLSLossless,
            "image/jp2", UID.JPEG2000Lossless,
            "image/jpx", "1.2.840.10008.1.2.4.92",
            "image/dicom-rle", UID.RLELossless);

    /**
     * The transfer syntax of a Pixel Data part (PS3.18 8.7.3): its {@code transfer-syntax} parameter,
     * else the media type's default; {@code application/octet-stream} (or no type) is native.
     */
    static String transferSyntax(ContentType ct) {
        String media = ct == null
                ? MediaTypes.APPLICATION_OCTET_STREAM
                : ct.mediaType().toLowerCase(java.util.Locale.ROOT);
        String ts = ct == null ? null : ct.parameter("transfer-syntax");
        if (media.equals(MediaTypes.APPLICATION_OCTET_STREAM)) {
            if (ts == null || ts.equals("*")) {
                return UID.ExplicitVRLittleEndian;
            }
            if (!isNative(ts)) {
                throw new IllegalArgumentException(
                        "bulk data part application/octet-stream with transfer-syntax " + ts + " (native only)");
            }
            return ts;
        }
        Set<String> allowed = ENCAPSULATED.get(media);
        if (allowed == null) {
            throw new IllegalArgumentException("Pixel Data part of media type " + media + " is not supported"
                    + " (application/octet-stream, image/jpeg, image/jls, image/jp2, image/jpx, image/dicom-rle)");
        }
        if (ts == null) {
            return DEFAULT_SYNTAX.get(media);
        }
        if (!allowed.contains(ts)) {
            throw new IllegalArgumentException("Pixel Data part " + media + " with transfer-syntax " + ts);
        }
        return ts;
    }
}
