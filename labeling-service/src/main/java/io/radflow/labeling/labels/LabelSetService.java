package io.radflow.labeling.labels;

import io.radflow.labeling.api.ApiException;
import io.radflow.labeling.labels.LabelStore.NewVersion;
import io.radflow.labeling.labels.LabelStore.SliceChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Label sets: creation on an archived series, saves checked against the series (instances, frames,
 * mask sizes) and the version's segments, content of any version, diff and revert.
 */
@ApplicationScoped
public class LabelSetService {
    /** Slices one save may carry (a 600-slice series with several segments fits). */
    public static final int MAX_SLICES_PER_SAVE = 20_000;

    private final LabelStore store;
    private final SeriesImages images;

    public LabelSetService(LabelStore store, SeriesImages images) {
        this.store = store;
        this.images = images;
    }

    /**
     * A slice of a request: the mask of one segment on one frame.
     *
     * @param sopInstanceUID the source instance
     * @param frame 1-based frame (1 for single-frame images; null means 1)
     * @param segment segment number
     * @param mask base64 {@link MaskRle} runs; null or empty clears the mask
     */
    public record SliceMask(String sopInstanceUID, Integer frame, int segment, String mask) {}

    /** Creates a label set on an archived series; version 1 holds the segments and any slices given. */
    public LabelSet create(
            String study,
            String series,
            String name,
            Integer firstSlice,
            Integer lastSlice,
            List<SegmentDef> segments,
            List<SliceMask> slices,
            String author,
            LabelSource source,
            String sourceDetail,
            String importedFrom) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw ApiException.badRequest("name must have 1..128 characters");
        }
        SeriesImages.Series s = images.load(study, series);
        if (firstSlice != null || lastSlice != null) {
            int first = firstSlice == null ? 0 : firstSlice;
            int last = lastSlice == null ? s.frames().size() - 1 : lastSlice;
            if (first < 0 || last >= s.frames().size() || first > last) {
                throw ApiException.badRequest("slice range " + first + ".." + last + " outside the series' 0.."
                        + (s.frames().size() - 1));
            }
        }
        List<SegmentDef> segs = checkSegments(segments);
        LabelSet set = new LabelSet();
        set.studyUid = study;
        set.seriesUid = series;
        set.name = name.trim();
        set.rows = s.rows();
        set.columns = s.columns();
        set.firstSlice = firstSlice;
        set.lastSlice = lastSlice;
        set.createdBy = author;
        set.importedFrom = importedFrom;
        Map<String, SliceChange> changes = changes(s, set, segs, slices);
        return store.create(set, new NewVersion(author, source, sourceDetail, null, segs, changes.values()));
    }

    /** Creates a label set from masks already aligned to the series (imported SEGs). */
    public LabelSet createFromMasks(
            SeriesImages.Series s,
            String name,
            List<SegmentDef> segments,
            List<SliceChange> changes,
            String author,
            LabelSource source,
            String sourceDetail,
            String importedFrom) {
        LabelSet set = new LabelSet();
        set.studyUid = s.study();
        set.seriesUid = s.series();
        set.name = name;
        set.rows = s.rows();
        set.columns = s.columns();
        set.createdBy = author;
        set.importedFrom = importedFrom;
        return store.create(set, new NewVersion(author, source, sourceDetail, null, checkSegments(segments), changes));
    }

    /**
     * Saves a new version of {@code set} (as loaded by the caller) from {@code baseVersion}: the changed slices, and the segments when given
     * (else the base version's). Each segment whose pixels changed records the save's source.
     */
    public LabelVersion save(
            LabelSet set,
            Integer baseVersion,
            LabelSource source,
            String comment,
            List<SegmentDef> segments,
            List<SliceMask> slices,
            String author) {
        if (baseVersion == null) {
            throw ApiException.badRequest("baseVersion (the version this save started from) is required");
        }
        long id = set.id;
        if (baseVersion != set.currentVersion) {
            throw LabelStore.conflict(set.currentVersion, baseVersion);
        }
        List<SegmentDef> segs = segments == null
                ? LabelStore.segments(store.version(id, baseVersion))
                : checkSegments(merge(LabelStore.segments(store.version(id, baseVersion)), segments));
        if ((slices == null || slices.isEmpty()) && segments == null) {
            throw ApiException.badRequest("nothing to save: no slices and no segments");
        }
        SeriesImages.Series s = images.load(set.studyUid, set.seriesUid);
        Map<String, SliceChange> changes = changes(s, set, segs, slices);
        Set<Integer> touched = new HashSet<>();
        changes.values().forEach(c -> touched.add(c.segment()));
        List<SegmentDef> marked = segs.stream()
                .map(d -> touched.contains(d.number()) ? d.editedBy(source) : d)
                .toList();
        return store.save(id, baseVersion, new NewVersion(author, source, null, comment, marked, changes.values()));
    }

    /** Reverts to {@code toVersion}: a new version on {@code baseVersion} with that version's content. */
    public LabelVersion revert(LabelSet set, int toVersion, Integer baseVersion, String author) {
        if (baseVersion == null) {
            throw ApiException.badRequest("baseVersion (the version this revert started from) is required");
        }
        long id = set.id;
        if (baseVersion != set.currentVersion) {
            throw LabelStore.conflict(set.currentVersion, baseVersion);
        }
        LabelVersion target = store.version(id, toVersion);
        Map<String, LabelSlice> now = byKey(store.content(id, baseVersion, null));
        Map<String, LabelSlice> then = byKey(store.content(id, toVersion, null));
        List<SliceChange> changes = new ArrayList<>();
        int pixels = set.rows * set.columns;
        then.forEach((k, t) -> {
            LabelSlice n = now.get(k);
            if (n == null || !Arrays.equals(n.mask, t.mask)) {
                changes.add(new SliceChange(t.sopUid, t.frame, t.segment, t.mask, t.pixels));
            }
        });
        now.forEach((k, n) -> {
            if (!then.containsKey(k)) {
                changes.add(new SliceChange(n.sopUid, n.frame, n.segment, null, 0));
            }
        });
        return store.save(
                id,
                baseVersion,
                new NewVersion(
                        author,
                        LabelSource.REVERT,
                        String.valueOf(toVersion),
                        "revert to version " + toVersion,
                        LabelStore.segments(target),
                        changes));
    }

    /**
     * The changed pixels from version {@code from} to {@code to}, per instance, frame and segment.
     *
     * @param sopInstanceUID source instance
     * @param frame 1-based frame
     * @param segment segment number
     * @param added pixels set in {@code to} but not in {@code from}
     * @param removed pixels set in {@code from} but not in {@code to}
     */
    public record SliceDiff(String sopInstanceUID, int frame, int segment, int added, int removed) {}

    /** The diff of two versions (only slices that differ). */
    public List<SliceDiff> diff(long id, int from, int to) {
        LabelSet set = store.set(id);
        store.version(id, from);
        store.version(id, to);
        Map<String, LabelSlice> a = byKey(store.content(id, from, null));
        Map<String, LabelSlice> b = byKey(store.content(id, to, null));
        Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        int pixels = set.rows * set.columns;
        List<SliceDiff> out = new ArrayList<>();
        for (String k : keys) {
            LabelSlice x = a.get(k);
            LabelSlice y = b.get(k);
            if (x != null && y != null && Arrays.equals(x.mask, y.mask)) {
                continue;
            }
            byte[] mx = x == null ? new byte[pixels] : MaskRle.decode(x.mask, pixels);
            byte[] my = y == null ? new byte[pixels] : MaskRle.decode(y.mask, pixels);
            int added = 0;
            int removed = 0;
            for (int i = 0; i < pixels; i++) {
                if (mx[i] == 0 && my[i] != 0) {
                    added++;
                } else if (mx[i] != 0 && my[i] == 0) {
                    removed++;
                }
            }
            LabelSlice any = y != null ? y : x;
            out.add(new SliceDiff(any.sopUid, any.frame, any.segment, added, removed));
        }
        return out;
    }

    /** The segments of the base version, updated and extended by those of the request (by number). */
    private static List<SegmentDef> merge(List<SegmentDef> base, List<SegmentDef> given) {
        Map<Integer, SegmentDef> m = new TreeMap<>();
        base.forEach(s -> m.put(s.number(), s));
        for (SegmentDef g : given) {
            SegmentDef old = m.get(g.number());
            m.put(
                    g.number(),
                    old == null
                            ? g
                            : new SegmentDef(
                                    g.number(),
                                    g.label(),
                                    g.category(),
                                    g.type(),
                                    g.rgb(),
                                    g.description(),
                                    old.model(),
                                    old.editedWith()));
        }
        return new ArrayList<>(m.values());
    }

    private static List<SegmentDef> checkSegments(List<SegmentDef> segments) {
        if (segments == null || segments.isEmpty()) {
            throw ApiException.badRequest("a label set needs at least one segment");
        }
        Set<Integer> numbers = new HashSet<>();
        for (SegmentDef s : segments) {
            if (s == null) {
                throw ApiException.badRequest("a segment is null");
            }
            if (!numbers.add(s.number())) {
                throw ApiException.badRequest("segment number " + s.number() + " given twice");
            }
        }
        return segments.stream()
                .sorted(java.util.Comparator.comparingInt(SegmentDef::number))
                .toList();
    }

    private static Map<String, SliceChange> changes(
            SeriesImages.Series s, LabelSet set, List<SegmentDef> segs, List<SliceMask> slices) {
        Map<String, SliceChange> changes = new LinkedHashMap<>();
        if (slices == null) {
            return changes;
        }
        if (slices.size() > MAX_SLICES_PER_SAVE) {
            throw new ApiException(413, slices.size() + " slices in one save; at most " + MAX_SLICES_PER_SAVE);
        }
        int pixels = s.rows() * s.columns();
        for (SliceMask m : slices) {
            if (m == null || m.sopInstanceUID() == null) {
                throw ApiException.badRequest("a slice without sopInstanceUID");
            }
            int frame = m.frame() == null ? 1 : m.frame();
            int index = s.indexOf(m.sopInstanceUID(), frame);
            if (index < 0) {
                throw ApiException.badRequest("frame " + frame + " of instance " + m.sopInstanceUID()
                        + " is not an image of series " + s.series());
            }
            if ((set.firstSlice != null && index < set.firstSlice)
                    || (set.lastSlice != null && index > set.lastSlice)) {
                throw ApiException.badRequest("slice " + index + " (" + m.sopInstanceUID()
                        + ") is outside the label set's slice range " + set.firstSlice + ".." + set.lastSlice);
            }
            if (SegmentDef.find(segs, m.segment()) == null) {
                throw ApiException.badRequest("unknown segment number " + m.segment() + " (the version has "
                        + segs.stream().map(d -> String.valueOf(d.number())).toList() + ")");
            }
            byte[] mask = null;
            if (m.mask() != null && !m.mask().isEmpty()) {
                try {
                    mask = MaskRle.decodeBase64(m.mask(), pixels);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("segment " + m.segment() + " on " + m.sopInstanceUID() + " frame "
                            + frame + ": " + e.getMessage() + " (" + s.rows() + " x " + s.columns() + ")");
                }
            }
            String key = SeriesImages.Series.key(m.sopInstanceUID(), frame) + "/" + m.segment();
            if (changes.put(key, SliceChange.of(m.sopInstanceUID(), frame, m.segment(), mask)) != null) {
                throw ApiException.badRequest(
                        "segment " + m.segment() + " on " + m.sopInstanceUID() + " frame " + frame + " given twice");
            }
        }
        return changes;
    }

    static Map<String, LabelSlice> byKey(List<LabelSlice> slices) {
        Map<String, LabelSlice> m = new HashMap<>();
        for (LabelSlice s : slices) {
            m.put(s.sopUid + "/" + s.frame + "/" + s.segment, s);
        }
        return m;
    }
}
