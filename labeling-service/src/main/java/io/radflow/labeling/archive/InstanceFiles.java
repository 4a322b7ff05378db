package io.radflow.labeling.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
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
    private final ArchiveFiles files;

    public InstanceFiles(DicomWebConfig config, ArchiveFiles files) {
        this.files = files;
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

    /** Forgets the cached instances of these files. */
    public void forget(java.util.Collection<Path> files) {
        cache.invalidateAll(files);
    }

    /** Forgets every cached instance. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The file range of each stored frame, when every frame is one contiguous range; else null. */
    static long[][] frameRanges(Attributes ds, String ts, PixelData pd) {
        Object v = ds.getValue(Tag.PixelData);
        int n = pd.frames();
        long[][] r = new long[n][];
        if (v instanceof BulkData bd && bd.isFile() && !pd.encapsulated()) {
            int bits = pd.descriptor().bitsAllocated();
            if (bits % 8 != 0 || (bits > 8 && (bd.bigEndian() || UID.ExplicitVRBigEndian.equals(ts)))) {
                return null;
            }
            long len = pd.descriptor().frameLength();
            if (bd.length() < len * n) {
                return null;
            }
            for (int f = 0; f < n; f++) {
                r[f] = new long[] {bd.offset() + f * len, len};
            }
            return r;
        }
        if (v instanceof Fragments frags && pd.encapsulated() && frags.size() - 1 == n) {
            for (int f = 0; f < n; f++) {
                if (!(frags.get(f + 1) instanceof BulkData bd) || !bd.isFile() || bd.length() < 0) {
                    return null;
                }
                r[f] = new long[] {bd.offset(), bd.length()};
            }
            return r;
        }
        return null;
    }

    private ParsedInstance read(InstanceLocation loc) {
        try (DicomInputStream in = new DicomInputStream(files.local(loc))) {
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
            return new ParsedInstance(loc, ts, ds, pixels, pixels == null ? null : frameRanges(ds, ts, pixels));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + loc.file() + ": " + e.getMessage(), e);
        }
    }
}
