package io.radflow.labeling.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.radflow.labeling.api.ApiException;
import io.radflow.service.reactive.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The label sets' transactions (Hibernate Reactive, one PostgreSQL transaction each), called from
 * worker threads. A save moves the set's current version from the version it started from to the
 * next one with a conditional update: of two saves from the same version exactly one succeeds, the
 * other gets 409 with the version that won.
 */
@ApplicationScoped
public class LabelStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<SegmentDef>> SEGMENTS = new TypeReference<>() {};

    /**
     * A new version's content: what changed.
     *
     * @param sop SOP Instance UID
     * @param frame 1-based frame
     * @param segment segment number
     * @param mask the full mask (rows × columns), or null to clear it
     */
    public record SliceChange(String sop, int frame, int segment, byte[] rle, int pixels) {
        /** A change to {@code mask} (null or all zero: the slice cleared), run-length encoded now. */
        public static SliceChange of(String sop, int frame, int segment, byte[] mask) {
            int pixels = mask == null ? 0 : MaskRle.count(mask);
            return new SliceChange(sop, frame, segment, pixels == 0 ? null : MaskRle.encode(mask), pixels);
        }
    }

    /** Creates a label set with its version 1. */
    public LabelSet create(LabelSet set, NewVersion first) {
        return Blocking.await(() -> Panache.withTransaction(() -> {
            set.currentVersion = 1;
            set.createdAt = Instant.now();
            set.updatedAt = set.createdAt;
            return set.<LabelSet>persist()
                    .chain(s -> persistVersion(s.id, 1, null, first).replaceWith(s));
        }));
    }

    /**
     * What a save writes.
     *
     * @param author who
     * @param source how
     * @param sourceDetail model, SEG or reverted version, or null
     * @param comment free text or null
     * @param segments the version's segments
     * @param changes the slices that changed
     */
    public record NewVersion(
            String author,
            LabelSource source,
            String sourceDetail,
            String comment,
            List<SegmentDef> segments,
            Collection<SliceChange> changes) {}

    /**
     * Saves a new version on top of {@code baseVersion}.
     *
     * @throws ApiException 404 for an unknown set, 409 (with {@code currentVersion}) when the set has
     *     moved on
     */
    public LabelVersion save(long id, int baseVersion, NewVersion v) {
        return Blocking.await(() -> Panache.withTransaction(() -> LabelSet.update(
                        "currentVersion = ?1, updatedAt = ?2 where id = ?3 and currentVersion = ?4",
                        baseVersion + 1,
                        Instant.now(),
                        id,
                        baseVersion)
                .chain(n -> {
                    if (n == 0) {
                        return LabelSet.<LabelSet>findById(id).chain(s -> Uni.createFrom()
                                .failure(s == null ? notFound(id) : conflict(s.currentVersion, baseVersion)));
                    }
                    return persistVersion(id, baseVersion + 1, baseVersion, v);
                })));
    }

    /** A 409 for a save from {@code base} while the set is at {@code current}. */
    public static ApiException conflict(int current, int base) {
        return new ApiException(
                409,
                "label set changed: this save started from version " + base + ", the current version is " + current
                        + " (load it, merge, and save again)",
                Map.of("currentVersion", current));
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("label set " + id);
    }

    private Uni<LabelVersion> persistVersion(long id, int version, Integer parent, NewVersion v) {
        LabelVersion lv = new LabelVersion();
        lv.labelSetId = id;
        lv.version = version;
        lv.parentVersion = parent;
        lv.author = v.author();
        lv.createdAt = Instant.now();
        lv.source = v.source().id();
        lv.sourceDetail = v.sourceDetail();
        lv.comment = v.comment();
        lv.segments = segmentsJson(v.segments());
        lv.changedSlices = v.changes().size();
        List<LabelSlice> rows = new ArrayList<>(v.changes().size());
        for (SliceChange c : v.changes()) {
            LabelSlice s = new LabelSlice();
            s.labelSetId = id;
            s.version = version;
            s.sopUid = c.sop();
            s.frame = c.frame();
            s.segment = c.segment();
            s.pixels = c.pixels();
            s.mask = c.pixels() == 0 ? null : c.rle();
            rows.add(s);
        }
        return lv.<LabelVersion>persist()
                .call(() -> rows.isEmpty() ? Uni.createFrom().voidItem() : LabelSlice.persist(rows))
                .map(x -> lv);
    }

    /** The label set, or 404. */
    public LabelSet set(long id) {
        LabelSet s = Blocking.await(() -> Panache.withSession(() -> LabelSet.<LabelSet>findById(id)));
        if (s == null) {
            throw notFound(id);
        }
        return s;
    }

    /** Label sets of a study (and series), newest first; all when both are null. */
    public List<LabelSet> list(String study, String series) {
        return Blocking.await(() -> Panache.withSession(() -> {
            if (study == null) {
                return LabelSet.<LabelSet>find("order by updatedAt desc").list();
            }
            if (series == null) {
                return LabelSet.<LabelSet>find("studyUid = ?1 order by updatedAt desc", study)
                        .list();
            }
            return LabelSet.<LabelSet>find("studyUid = ?1 and seriesUid = ?2 order by updatedAt desc", study, series)
                    .list();
        }));
    }

    /** Label sets by id (missing ids are left out). */
    public List<LabelSet> sets(Collection<Long> ids) {
        return Blocking.await(
                () -> Panache.withSession(() -> LabelSet.<LabelSet>find("id in ?1 order by id", List.copyOf(ids))
                        .list()));
    }

    /** The label set imported from a SEG, or null. */
    public LabelSet importedFrom(String segSop) {
        return Blocking.await(() -> Panache.withSession(
                () -> LabelSet.<LabelSet>find("importedFrom", segSop).firstResult()));
    }

    /** Every version of a set, oldest first. */
    public List<LabelVersion> versions(long id) {
        return Blocking.await(
                () -> Panache.withSession(() -> LabelVersion.<LabelVersion>find("labelSetId = ?1 order by version", id)
                        .list()));
    }

    /** One version, or 404. */
    public LabelVersion version(long id, int version) {
        LabelVersion v = Blocking.await(() ->
                Panache.withSession(() -> LabelVersion.<LabelVersion>findById(new LabelVersion.Key(id, version))));
        if (v == null) {
            throw ApiException.notFound("version " + version + " of label set " + id);
        }
        return v;
    }

    /**
     * A version's content: per (instance, frame, segment) the newest slice at or below it that has
     * pixels; only the given instances when {@code sops} is not empty.
     */
    public List<LabelSlice> content(long id, int version, Collection<String> sops) {
        String q = "from LabelSlice s where s.labelSetId = ?1 and s.version = (select max(t.version) from"
                + " LabelSlice t where t.labelSetId = s.labelSetId and t.sopUid = s.sopUid and t.frame = s.frame"
                + " and t.segment = s.segment and t.version <= ?2)";
        List<LabelSlice> all = Blocking.await(() -> Panache.withSession(() -> sops == null || sops.isEmpty()
                ? LabelSlice.<LabelSlice>find(q + " order by s.sopUid, s.frame, s.segment", id, version)
                        .list()
                : LabelSlice.<LabelSlice>find(
                                q + " and s.sopUid in ?3 order by s.sopUid, s.frame, s.segment",
                                id,
                                version,
                                List.copyOf(sops))
                        .list()));
        return all.stream().filter(s -> s.mask != null).toList();
    }

    /** Records that a version was published as a SEG. */
    public void published(long id, int version, String sop) {
        Blocking.await(() -> Panache.withTransaction(() -> LabelVersion.update(
                "publishedSop = ?1, publishedAt = ?2 where labelSetId = ?3 and version = ?4",
                sop,
                Instant.now(),
                id,
                version)));
    }

    /** The segments of a stored version. */
    public static List<SegmentDef> segments(LabelVersion v) {
        try {
            return JSON.readValue(v.segments, SEGMENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("version " + v.version + " of label set " + v.labelSetId + ": " + e);
        }
    }

    static String segmentsJson(List<SegmentDef> segments) {
        try {
            return JSON.writeValueAsString(segments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
