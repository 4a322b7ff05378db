package io.radflow.labeling.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.config.DicomWebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Reads archived instance files (read only) and keeps the parsed headers and frame locations in a
 * bounded cache keyed by SOP Instance UID, so frame requests never re-parse a file. Archived
 * instances are immutable (a changed instance gets a new file), so the cache is keyed by file too.
 */
@ApplicationScoped
public class InstanceFiles {
    private static final Logger LOG = Logger.getLogger(InstanceFiles.class);

    private final Cache<Path, ParsedInstance> cache;

    public InstanceFiles(DicomWebConfig config) {
        this.cache =
                Caffeine.newBuilder().maximumSize(config.instanceCacheSize()).build();
    }

    /** The parsed instance, from the cache or read now. */
    public ParsedInstance parse(InstanceLocation loc) {
        ParsedInstance p = cache.getIfPresent(loc.file());
        if (p != null && p.location().equals(loc)) {
            return p;
        }
        p = read(loc);
        cache.put(loc.file(), p);
        return p;
    }

    /** Forgets every cached instance. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    private static ParsedInstance read(InstanceLocation loc) {
        try (DicomInputStream in = new DicomInputStream(loc.file())) {
            in.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            String ts = in.getTransferSyntax();
            PixelData pixels = null;
            if (ds.containsValue(Tag.PixelData)) {
                try {
                    pixels = PixelData.of(ds, ts);
                } catch (PixelDataException e) {
                    LOG.warnf("%s: pixel data not usable for frames: %s", loc.sopInstanceUID(), e.getMessage());
                }
            }
            return new ParsedInstance(loc, ts, ds, pixels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + loc.file() + ": " + e.getMessage(), e);
        }
    }
}
