package io.radflow.labeling.labels;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.seg.AlgorithmType;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.Segmentation;
import io.radflow.dicom.seg.SegmentationException;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SegmentationWriter;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.dicom.web.DicomWebException;
import io.radflow.dicom.web.StoreResult;
import io.radflow.labeling.api.ApiException;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.service.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Label sets and DICOM Segmentations: a version published as a SEG (STOW-RS to ingest, with this
 * service's own token), and a SEG in the archive (an AI result, or any labels) imported as version 1 of
 * a new label set — the AI pre-labels an annotator starts from.
 */
@ApplicationScoped
public class LabelSegmentations {
    private static final Logger LOG = Logger.getLogger(LabelSegmentations.class);
    /** Series Number of published label SEGs (AI results use 1000 and up). */
    public static final int SERIES_NUMBER = 900;
    /** Start of the published SEG's Series Description: quantification measures such SEGs. */
    public static final String SERIES_PREFIX = "Radflow labels - ";

    private final LabelStore store;
    private final LabelSetService service;
    private final SeriesImages images;
    private final InstanceLocator locator;
    private final DicomWebClient ingest;

    public LabelSegmentations(
            LabelStore store,
            LabelSetService service,
            SeriesImages images,
            InstanceLocator locator,
            DicomWebConfig config,
            ServiceTokens tokens) {
        this.store = store;
        this.service = service;
        this.images = images;
        this.locator = locator;
        this.ingest = new DicomWebClient(
                config.ingestUrl().toString().replaceAll("/+$", "") + "/dicomweb",
                tokens::authorizationHeader,
                tokens::invalidate,
                DicomWebClient.Timeouts.DEFAULT);
    }

    /**
     * What a publish stored.
     *
     * @param labelSetId the set
     * @param version the version published
     * @param studyInstanceUID its study
     * @param seriesInstanceUID the SEG series (one per label set)
     * @param sopInstanceUID the SEG (one per version: publishing a version again stores the same UID)
     * @param segments segments written (those with pixels)
     */
    public record Published(
            long labelSetId,
            int version,
            String studyInstanceUID,
            String seriesInstanceUID,
            String sopInstanceUID,
            List<String> segments) {}

    /** Publishes a version as a SEG into the archive. */
    public Published publish(long id, int version, String author) {
        LabelSet set = store.set(id);
        LabelVersion v = store.version(id, version);
        SeriesImages.Series s = images.load(set.studyUid, set.seriesUid);
        List<SegmentDef> defs = LabelStore.segments(v);
        int pixels = set.rows * set.columns;
        Map<Integer, Map<String, byte[]>> masks = new HashMap<>();
        for (LabelSlice slice : store.content(id, version, null)) {
            masks.computeIfAbsent(slice.segment, k -> new HashMap<>())
                    .put(SeriesImages.Series.key(slice.sopUid, slice.frame), MaskRle.decode(slice.mask, pixels));
        }
        SegmentationWriter writer;
        try {
            writer = new SegmentationWriter(s.datasets());
        } catch (SegmentationException e) {
            throw ApiException.badRequest("series " + set.seriesUid + " cannot be segmented: " + e.getMessage());
        }
        // Content Creator's Name (PN): the user name as the family name component
        writer.content(
                "LABELS",
                ascii(set.name + ", version " + version + " by " + v.author, 64),
                ascii(author.replace("^", " "), 62) + "^");
        List<String> written = new ArrayList<>();
        int number = 0;
        for (SegmentDef d : defs) {
            Map<String, byte[]> bySlice = masks.get(d.number());
            if (bySlice == null || bySlice.isEmpty()) {
                continue;
            }
            List<byte[]> aligned = new ArrayList<>(writer.sourceFrames().size());
            for (SourceFrame f : writer.sourceFrames()) {
                aligned.add(bySlice.get(SeriesImages.Series.key(f.sopInstanceUid(), SeriesImages.Series.frameOf(f))));
            }
            writer.add(segment(++number, d), aligned);
            written.add(d.label());
        }
        if (number == 0) {
            throw ApiException.badRequest("version " + version + " of label set " + id + " has no labelled pixel");
        }
        String series = DerivedInstance.uidFor("radflow-labels/" + id + "/series");
        String sop = DerivedInstance.uidFor("radflow-labels/" + id + "/" + version + "/seg");
        Attributes seg;
        try {
            seg = writer.write(new DerivedInstance(
                    series,
                    sop,
                    SERIES_NUMBER,
                    ascii(SERIES_PREFIX + set.name, 64),
                    version,
                    "Radflow labeling",
                    "Radflow labeling",
                    LocalDateTime.now()));
        } catch (SegmentationException e) {
            throw ApiException.badRequest("cannot write the SEG: " + e.getMessage());
        }
        StoreResult r;
        try {
            r = ingest.store(List.of(seg));
        } catch (DicomWebException e) {
            throw new ApiException(502, "the archive did not store the SEG: " + e.getMessage());
        }
        if (!r.allStored()) {
            throw new ApiException(502, "the archive refused the SEG: " + r.failed() + " " + r.warnings());
        }
        store.published(id, version, sop);
        LOG.infof("label set %d version %d published as SEG %s (%d segments)", id, version, sop, number);
        return new Published(id, version, set.studyUid, series, sop, written);
    }

    /** The SEG segment of a label segment: its provenance decides the algorithm type. */
    static Segment segment(int number, SegmentDef d) {
        boolean edited = !d.editedWith().isEmpty();
        boolean tools = d.editedWith().stream().map(LabelSource::of).anyMatch(x -> x != null && x.semiAutomatic());
        String modelName = null;
        String modelVersion = null;
        if (d.model() != null) {
            int sp = d.model().lastIndexOf(' ');
            modelName = sp > 0 ? d.model().substring(0, sp) : d.model();
            modelVersion = sp > 0 ? d.model().substring(sp + 1) : null;
        }
        AlgorithmType type;
        String name;
        String version;
        Code family;
        if (modelName != null) {
            type = edited ? AlgorithmType.SEMIAUTOMATIC : AlgorithmType.AUTOMATIC;
            name = modelName;
            version = modelVersion;
            family = Codes.ARTIFICIAL_INTELLIGENCE;
        } else if (tools) {
            type = AlgorithmType.SEMIAUTOMATIC;
            name = "Radflow labeling " + String.join("+", d.editedWith());
            version = null;
            family = d.editedWith().contains(LabelSource.GRABCUT.id())
                    ? Codes.CLUSTER_ANALYSIS
                    : Codes.HISTOGRAM_ANALYSIS;
        } else {
            type = AlgorithmType.MANUAL;
            name = null;
            version = null;
            family = null;
        }
        String description = modelName != null && edited
                ? ascii("started from " + d.model() + ", corrected (" + String.join(", ", d.editedWith()) + ")", 64)
                : d.description();
        return new Segment(
                number, d.label(), d.category(), d.type(), null, type, name, version, family, d.rgb(), description);
    }

    /**
     * Imports a SEG of the archive as a new label set on its source series (version 1, source = the
     * model that made it, or the SEG). Importing the same SEG again returns the set made the first
     * time.
     *
     * @return the label set and whether it was created now
     */
    public Map.Entry<LabelSet, Boolean> importSeg(String study, String segSeries, String segSop, String author) {
        LabelSet existing = store.importedFrom(segSop);
        if (existing != null) {
            return Map.entry(existing, false);
        }
        ParsedInstance p;
        try {
            p = locator.parsed(study, segSeries, segSop);
        } catch (io.radflow.labeling.dicomweb.DicomWebException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        Segmentation seg;
        try {
            seg = SegmentationReader.read(p.dataset());
        } catch (SegmentationException e) {
            throw ApiException.badRequest("instance " + segSop + " is not a readable SEG: " + e.getMessage());
        }
        if (seg.referencedSeriesUid() == null) {
            throw ApiException.badRequest("SEG " + segSop + " names no source series");
        }
        SeriesImages.Series s = images.load(study, seg.referencedSeriesUid());
        List<SegmentDef> defs = new ArrayList<>();
        String model = null;
        for (Segment g : seg.segments()) {
            String m = g.algorithmType() == AlgorithmType.MANUAL || g.algorithmName() == null
                    ? null
                    : g.algorithmName() + (g.algorithmVersion() == null ? "" : " " + g.algorithmVersion());
            model = model == null ? m : model;
            if (g.number() > SegmentDef.MAX_NUMBER) {
                throw ApiException.badRequest("SEG " + segSop + " has segment number " + g.number() + " (> 255)");
            }
            defs.add(new SegmentDef(g.number(), g.label(), g.category(), g.type(), g.rgb(), g.description(), m, null));
        }
        // a few slices' masks unpacked at a time, kept run-length encoded: a 300-slice SEG with four
        // segments would be 314 MB of byte masks
        List<LabelStore.SliceChange> masks = new ArrayList<>();
        int chunk = 16;
        for (int from = 0; from < s.frames().size(); from += chunk) {
            int a = from;
            Map<Integer, List<byte[]>> bySegment;
            try {
                bySegment = seg.masksFor(s.frames(), i -> i >= a && i < a + chunk);
            } catch (SegmentationException e) {
                throw ApiException.badRequest("SEG " + segSop + " does not fit its source series: " + e.getMessage());
            }
            for (var e : bySegment.entrySet()) {
                for (int i = a; i < Math.min(a + chunk, e.getValue().size()); i++) {
                    byte[] mask = e.getValue().get(i);
                    if (mask != null && MaskRle.count(mask) > 0) {
                        SourceFrame f = s.frames().get(i);
                        masks.add(LabelStore.SliceChange.of(
                                f.sopInstanceUid(), SeriesImages.Series.frameOf(f), e.getKey(), mask));
                    }
                }
            }
        }
        String description = p.dataset().getString(Tag.SeriesDescription);
        String name = description != null && !description.isBlank() ? description : "SEG " + segSop;
        LabelSet set = service.createFromMasks(
                s,
                name.length() > 128 ? name.substring(0, 128) : name,
                defs,
                masks,
                author,
                model != null ? LabelSource.MODEL : LabelSource.IMPORTED_SEG,
                model != null ? model : segSop,
                segSop);
        LOG.infof("SEG %s imported as label set %d (%d masks)", segSop, set.id, masks.size());
        return Map.entry(set, true);
    }

    private static String ascii(String s, int max) {
        String a = s.replaceAll("[^\\x20-\\x7E]", "?");
        return a.length() <= max ? a : a.substring(0, max);
    }
}
