package io.radflow.labeling.export;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.deid.DeidentificationException;
import io.radflow.dicom.deid.Deidentifier;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.archive.ArchiveFiles;
import io.radflow.labeling.archive.ArchiveIndex;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.labels.LabelSet;
import io.radflow.labeling.labels.LabelSlice;
import io.radflow.labeling.labels.LabelStore;
import io.radflow.labeling.labels.LabelVersion;
import io.radflow.labeling.labels.LabelVocabulary;
import io.radflow.labeling.labels.MaskRle;
import io.radflow.labeling.labels.SegmentDef;
import io.radflow.labeling.labels.SeriesImages;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes a training set: for each selected label set (a pinned version or the current one), every
 * labelled slice as a de-identified single-frame image and a mask whose values stand for the
 * segments' training labels ({@link LabelVocabulary#trainingLabel}, or the selection's own mapping),
 * in the format of {@code models/training/README.md}. Patients become {@code SUBJECT-0001}, … and UIDs
 * keyed pseudonyms: with a fresh key per export unless {@code radflow.labeling.export-key} (a secret)
 * makes them stable across exports.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a wrong export key stops the start, not the first export
public class TrainingSetExport {
    private static final Logger LOG = Logger.getLogger(TrainingSetExport.class);

    private final LabelStore store;
    private final SeriesImages images;
    private final ArchiveIndex index;
    private final Optional<String> key;
    private final ArchiveFiles files;

    public TrainingSetExport(
            LabelStore store,
            SeriesImages images,
            ArchiveIndex index,
            ArchiveFiles files,
            @ConfigProperty(name = "radflow.labeling.export-key") Optional<String> key) {
        this.store = store;
        this.images = images;
        this.index = index;
        this.files = files;
        this.key = key.filter(k -> !k.isEmpty());
        if (this.key.isPresent()
                && this.key.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        < Deidentifier.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("radflow.labeling.export-key (RADFLOW_LABELING_EXPORT_KEY) must have at"
                    + " least " + Deidentifier.MIN_KEY_BYTES + " bytes; unset it for a random key per export");
        }
    }

    /**
     * A selected label set.
     *
     * @param id label set id
     * @param version the version to export, or null for the current one at export time
     */
    public record Selected(long id, Integer version) {}

    /** What an export wrote. */
    public record Summary(int items, int labelSets, List<String> skipped) {}

    /**
     * Streams the training set to {@code out}.
     *
     * @param name the training set's name (in dataset.json's source)
     * @param selected the label sets
     * @param labelMap segment label → training label, overriding the vocabulary (may be empty)
     */
    public Summary write(OutputStream out, String name, List<Selected> selected, Map<String, String> labelMap)
            throws IOException {
        Deidentifier deid = new Deidentifier(key.map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseGet(Deidentifier::newKey));
        // resolve versions and segments first: the mask values go into dataset.json
        List<LabelSet> sets = new ArrayList<>();
        List<LabelVersion> versions = new ArrayList<>();
        Map<String, Integer> valueOf = new LinkedHashMap<>();
        Map<String, io.radflow.dicom.code.Code> codeOf = new HashMap<>();
        for (Selected s : selected) {
            LabelSet set = store.set(s.id());
            LabelVersion v = store.version(s.id(), s.version() == null ? set.currentVersion : s.version());
            sets.add(set);
            versions.add(v);
            for (SegmentDef d : LabelStore.segments(v)) {
                valueOf.putIfAbsent(label(d, labelMap), valueOf.size() + 1);
                codeOf.putIfAbsent(label(d, labelMap), d.type());
            }
        }
        if (valueOf.size() > 255) {
            throw new IllegalArgumentException("more than 255 training labels");
        }
        List<TrainingSetWriter.MaskValue> maskValues = new ArrayList<>();
        valueOf.forEach((l, v) -> maskValues.add(new TrainingSetWriter.MaskValue(v, l, codeOf.get(l))));
        StringBuilder source = new StringBuilder("labeling-service export '" + name + "': ");
        for (int i = 0; i < sets.size(); i++) {
            source.append(i == 0 ? "" : ", ")
                    .append("label set ")
                    .append(sets.get(i).id)
                    .append(" version ")
                    .append(versions.get(i).version);
        }
        TrainingSetWriter writer = new TrainingSetWriter(out, deid, source.toString(), maskValues);
        for (int i = 0; i < sets.size(); i++) {
            writer.labelSet(sets.get(i).id, versions.get(i).version, sets.get(i).name);
        }
        Map<String, String> subjects = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            LabelSet set = sets.get(i);
            LabelVersion v = versions.get(i);
            List<SegmentDef> defs = LabelStore.segments(v);
            Map<Integer, Integer> valueOfSegment = new HashMap<>();
            defs.forEach(d -> valueOfSegment.put(d.number(), valueOf.get(label(d, labelMap))));
            SeriesImages.Series series = images.load(set.studyUid, set.seriesUid);
            int pixels = set.rows * set.columns;
            // per slice (instance/frame), segments in number order: a later segment wins where they overlap
            Map<String, TreeMap<Integer, byte[]>> bySlice = new LinkedHashMap<>();
            for (LabelSlice s : store.content(set.id, v.version, null)) {
                if (valueOfSegment.containsKey(s.segment)) {
                    bySlice.computeIfAbsent(SeriesImages.Series.key(s.sopUid, s.frame), k -> new TreeMap<>())
                            .put(s.segment, MaskRle.decode(s.mask, pixels));
                }
            }
            for (var e : bySlice.entrySet()) {
                String[] k = e.getKey().split("/");
                String sop = k[0];
                int frame = Integer.parseInt(k[1]);
                if (frame != 1) {
                    skipped.add(sop + " frame " + frame + " (multi-frame images are not exported)");
                    continue;
                }
                byte[] mask = new byte[pixels];
                e.getValue().forEach((segment, m) -> {
                    byte value = (byte) (int) valueOfSegment.get(segment);
                    for (int p = 0; p < pixels; p++) {
                        if (m[p] != 0) {
                            mask[p] = value;
                        }
                    }
                });
                InstanceLocation loc =
                        index.instance(set.studyUid, set.seriesUid, sop).orElse(null);
                if (loc == null) {
                    skipped.add(sop + " (no longer in the archive)");
                    continue;
                }
                Attributes ds;
                String ts;
                try (DicomInputStream in = new DicomInputStream(files.local(loc))) {
                    ds = in.readDataset();
                    ts = in.getTransferSyntax();
                }
                String patient = String.valueOf(ds.getString(Tag.PatientID));
                String subject =
                        subjects.computeIfAbsent(patient, p -> String.format("SUBJECT-%04d", subjects.size() + 1));
                try {
                    writer.add(new TrainingSetWriter.Item(
                            ds, ts, mask, set.rows, set.columns, subject, series.indexOf(sop, frame), null, null));
                } catch (DeidentificationException | IllegalArgumentException x) {
                    skipped.add(sop + " (" + x.getMessage() + ")");
                }
            }
        }
        writer.finish();
        LOG.infof(
                "training set %s: %d items from %d label sets, %d skipped",
                name, writer.size(), sets.size(), skipped.size());
        return new Summary(writer.size(), sets.size(), skipped);
    }

    private static String label(SegmentDef d, Map<String, String> labelMap) {
        String mapped = labelMap == null ? null : labelMap.get(d.label());
        return mapped != null ? mapped : LabelVocabulary.trainingLabel(d);
    }
}
