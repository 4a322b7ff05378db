package io.radflow.quantification.service;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.seg.Segment;
import io.radflow.dicom.seg.SegmentationException;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.dicom.web.DicomWebException;
import io.radflow.dicom.web.RetrievedInstance;
import io.radflow.dicom.web.StoreResult;
import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.AxialSlice;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.SliceMeasurement;
import io.radflow.quantification.compute.SliceMeasurer;
import io.radflow.quantification.compute.Thresholds;
import io.radflow.quantification.compute.TissueMasks;
import io.radflow.quantification.compute.TissueMeasurement;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.quantification.render.L3Picture;
import io.radflow.quantification.report.BodyCompositionSr;
import io.radflow.quantification.repository.Measurement;
import io.radflow.service.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement: reads the SEG and the L3 slice over DICOMweb (nothing else of the study), maps
 * the SEG's segments to the tissues by their coded type, measures (Alberta thresholds unless
 * configured), takes height and weight from the image or a person's latest entry, and stores a TID
 * 1500 SR by STOW-RS; the result JSON and the picture are kept with the measurement.
 */
@ApplicationScoped
public class MeasurementExecutor {
    /** Said in every result measured on a demo model's masks. */
    public static final String DEMO_NOTICE =
            "DEMO: masks from a demo model trained on synthetic phantoms; not for clinical use";

    @Inject
    QuantificationConfig config;

    @Inject
    ServiceTokens tokens;

    @Inject
    MeasurementStore store;

    @Inject
    QuantificationMetrics metrics;

    private volatile DicomWebClient source;
    private volatile DicomWebClient target;

    private DicomWebClient client(String url) {
        if (!config.dicomweb().serviceToken()) {
            return new DicomWebClient(url);
        }
        return new DicomWebClient(
                url, tokens::authorizationHeader, tokens::invalidate, DicomWebClient.Timeouts.DEFAULT);
    }

    /** The thresholds of the configuration. */
    public Thresholds thresholds() {
        return new Thresholds(config.muscleMinHu(), config.muscleMaxHu(), config.fatMinHu(), config.fatMaxHu());
    }

    /** Runs the measurement; a {@link MeasurementException} says why not and whether to retry. */
    public MeasurementStore.Outcome run(Measurement m) throws MeasurementException {
        if (source == null) {
            source = client(config.dicomweb().url());
            target = client(config.dicomweb().stowUrl());
        }
        if (m.l3SopUid == null) {
            throw MeasurementException.permanent("no L3 slice: the model found no third lumbar vertebra in series "
                    + m.sourceSeriesUid + " and no annotator picked one (PUT …/body-composition/l3)");
        }
        List<Attributes> images;
        Attributes segDs;
        try {
            if (m.segSopUid == null) {
                // a label SEG series a person published: its latest instance
                m.segSopUid = source.seriesMetadata(m.studyUid, m.segSeriesUid).stream()
                        .max(java.util.Comparator.comparingInt(a -> a.getInt(Tag.InstanceNumber, 0)))
                        .map(a -> a.getString(Tag.SOPInstanceUID))
                        .orElseThrow(() -> MeasurementException.permanent(
                                "the label series " + m.segSeriesUid + " has no instance"));
            }
            segDs = source.retrieveInstance(m.studyUid, m.segSeriesUid, m.segSopUid)
                    .dataset();
            m.sourceSeriesUid = sourceSeries(m, segDs);
            images = source.seriesMetadata(m.studyUid, m.sourceSeriesUid);
        } catch (DicomWebException e) {
            throw new MeasurementException("reading the SEG or the series: " + e.getMessage(), e.retryable(), e);
        }
        long t0 = System.nanoTime();
        List<Integer> slab = slab(m, images);
        int index = slab.get(slab.size() / 2);
        Map<BodyTissue, Integer> segments = new EnumMap<>(BodyTissue.class);
        List<TissueMasks> slabMasks = new ArrayList<>();
        try {
            var segmentation = SegmentationReader.read(segDs);
            for (Segment s : segmentation.segments()) {
                for (BodyTissue t : BodyTissue.values()) {
                    if (t != BodyTissue.INTERMUSCULAR_FAT && same(t.code(), s.type())) {
                        segments.put(t, s.number());
                    }
                }
            }
            if (segments.isEmpty()) {
                throw MeasurementException.permanent(
                        "the SEG " + m.segSopUid + " has no skeletal muscle, subcutaneous or visceral fat segment");
            }
            // only the slab's masks are unpacked (a whole 300-slice SEG would not fit the heap)
            java.util.Set<Integer> wanted = new java.util.HashSet<>(slab);
            Map<Integer, List<byte[]>> bySegment = segmentation.masksFor(SourceFrame.of(images), wanted::contains);
            for (int at : slab) {
                java.util.function.Function<BodyTissue, byte[]> mask = t -> {
                    Integer n = segments.get(t);
                    List<byte[]> frames = n == null ? null : bySegment.get(n);
                    return frames == null ? null : frames.get(at);
                };
                slabMasks.add(TissueMasks.ofBytes(
                        mask.apply(BodyTissue.SKELETAL_MUSCLE),
                        mask.apply(BodyTissue.SUBCUTANEOUS_FAT),
                        mask.apply(BodyTissue.VISCERAL_FAT)));
            }
        } catch (SegmentationException e) {
            throw MeasurementException.permanent(
                    "the SEG " + m.segSopUid + " does not fit the CT series: " + e.getMessage());
        }
        long fetch = System.nanoTime();
        List<SliceMeasurer.MaskedSlice> slices = new ArrayList<>();
        Attributes l3Ds = null;
        AxialSlice l3Slice = null;
        TissueMasks l3Masks = null;
        for (int k = 0; k < slab.size(); k++) {
            Attributes image = images.get(slab.get(k));
            String sop = image.getString(Tag.SOPInstanceUID);
            RetrievedInstance r;
            try {
                r = source.retrieveInstance(m.studyUid, m.sourceSeriesUid, sop);
            } catch (DicomWebException e) {
                throw new MeasurementException("reading slice " + sop + ": " + e.getMessage(), e.retryable(), e);
            }
            AxialSlice slice;
            try {
                slice = AxialSlice.of(r.dataset(), r.transferSyntaxUid());
            } catch (PixelDataException | IllegalArgumentException e) {
                throw MeasurementException.permanent("slice " + sop + ": " + e.getMessage());
            }
            slices.add(new SliceMeasurer.MaskedSlice(slice, slabMasks.get(k)));
            if (slab.get(k) == index) {
                l3Ds = r.dataset();
                l3Slice = slice;
                l3Masks = slabMasks.get(k);
            }
        }
        t0 += System.nanoTime() - fetch; // reading the slices is not computing
        return measure(m, segDs, segments, slices, l3Ds, l3Slice, l3Masks, t0);
    }

    /**
     * The series the SEG labels: the measurement's source series when the SEG's Referenced Series
     * Sequence (0008,1115) names it (or names none), else the first series it names — so the labels of
     * a SEG series are measured on their own CT series, also in a study never measured before.
     */
    static String sourceSeries(Measurement m, Attributes segDs) throws MeasurementException {
        List<String> referenced = new ArrayList<>();
        io.radflow.dicom.data.Sequence seq = segDs.getSequence(Tag.ReferencedSeriesSequence);
        if (seq != null) {
            for (Attributes item : seq) {
                String uid = item.getString(Tag.SeriesInstanceUID);
                if (uid != null && !uid.isBlank()) {
                    referenced.add(uid);
                }
            }
        }
        if (m.sourceSeriesUid != null && (referenced.isEmpty() || referenced.contains(m.sourceSeriesUid))) {
            return m.sourceSeriesUid;
        }
        if (referenced.isEmpty()) {
            throw MeasurementException.permanent("the SEG " + m.segSopUid
                    + " names no series it labels (Referenced Series Sequence) and the study has no earlier"
                    + " measurement to take the CT series from");
        }
        return referenced.get(0);
    }

    /**
     * The indices in {@code images} of the slab around the L3 slice, in position order along the
     * normal, L3 in the middle (near the ends of the series the slab is cut).
     */
    static List<Integer> slab(Measurement m, List<Attributes> images) throws MeasurementException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingDouble(i -> {
            Double z = BodyCompositionResult.L3Slice.positionAlongNormal(images.get(i));
            return z == null ? images.get(i).getInt(Tag.InstanceNumber, 0) : z;
        }));
        int at = -1;
        for (int k = 0; k < order.size(); k++) {
            if (m.l3SopUid.equals(images.get(order.get(k)).getString(Tag.SOPInstanceUID))) {
                at = k;
            }
        }
        if (at < 0) {
            throw MeasurementException.permanent(
                    "the L3 slice " + m.l3SopUid + " is not an image of series " + m.sourceSeriesUid);
        }
        int half = Math.max(0, m.slabSlices - 1) / 2;
        int from = Math.max(0, at - half);
        int to = Math.min(order.size() - 1, at + half);
        // symmetric around L3, so that L3 stays in the middle
        int reach = Math.min(at - from, to - at);
        return order.subList(at - reach, at + reach + 1);
    }

    private MeasurementStore.Outcome measure(
            Measurement m,
            Attributes segDs,
            Map<BodyTissue, Integer> segments,
            List<SliceMeasurer.MaskedSlice> slices,
            Attributes l3Ds,
            AxialSlice slice,
            TissueMasks masks,
            long t0)
            throws MeasurementException {
        SliceMeasurement measured;
        try {
            SliceMeasurer measurer = new SliceMeasurer(thresholds());
            measured = slices.size() == 1
                    ? measurer.measure(slices.get(0).slice(), slices.get(0).masks())
                    : measurer.measureSlab(slices);
        } catch (IllegalArgumentException e) {
            throw MeasurementException.permanent(
                    "the SEG " + m.segSopUid + " does not fit the L3 slice: " + e.getMessage());
        }
        Anthropometrics body = Anthropometrics.fromTags(l3Ds);
        var entry = store.latestEntryAndWait(m.studyUid);
        if (entry != null && entry.heightM != null) {
            body = body.withManualHeight(entry.heightM, entry.enteredBy, entry.enteredAt);
        }
        if (entry != null && entry.weightKg != null) {
            body = body.withManualWeight(entry.weightKg, entry.enteredBy, entry.enteredAt);
        }
        BodyCompositionResult result = BodyCompositionResult.of(
                m.studyUid,
                new BodyCompositionResult.L3Slice(
                        l3Ds.getString(Tag.SOPInstanceUID),
                        l3Ds.getString(Tag.SeriesInstanceUID),
                        BodyCompositionResult.L3Slice.positionAlongNormal(l3Ds),
                        "annotator".equals(m.l3Source)
                                ? BodyCompositionResult.L3Source.ANNOTATOR
                                : BodyCompositionResult.L3Source.MODEL,
                        slices.size()),
                measured,
                body,
                l3Ds.getString(Tag.PatientSex),
                thresholds(),
                new BodyCompositionResult.LabelSource(
                        BodyCompositionResult.LabelKind.SEG, m.segSopUid, m.model == null ? "SEG" : m.model),
                m.demo ? DEMO_NOTICE : null);
        byte[] png = L3Picture.png(slice, masks, result);
        int version = store.nextVersionAndWait(m.studyUid);
        Attributes sr;
        Attributes outlines;
        try {
            // the L3 slice's counted pixels: each tissue's outline for viewers (OHIF draws the 1410 groups)
            var l3Pixels = new SliceMeasurer(thresholds()).pixels(slice, masks);
            sr = BodyCompositionSr.build(result, m.id.toString(), version, l3Ds, segDs, segments, l3Pixels);
            outlines = BodyCompositionSr.outlines(sr, result, m.id.toString(), version, l3Ds);
        } catch (SrException e) {
            throw MeasurementException.permanent("cannot encode the SR: " + e.getMessage());
        }
        metrics.compute(Duration.ofNanos(System.nanoTime() - t0));
        try {
            // the report, and its outlines alone for OHIF (which cannot load the report's 1411/1501 groups)
            StoreResult stored = target.store(outlines == null ? List.of(sr) : List.of(sr, outlines));
            if (!stored.failed().isEmpty()) {
                throw MeasurementException.permanent("the archive refused the SR: " + stored.failed());
            }
        } catch (DicomWebException e) {
            throw new MeasurementException("storing the SR: " + e.getMessage(), e.retryable(), e);
        }
        return new MeasurementStore.Outcome(
                MeasurementStore.json(result),
                png,
                sr.getString(Tag.SeriesInstanceUID),
                sr.getString(Tag.SOPInstanceUID),
                values(result),
                result.missing(),
                version,
                m.segSopUid,
                m.sourceSeriesUid);
    }

    private static boolean same(Code a, io.radflow.dicom.code.Code b) {
        return b != null && a.value().equals(b.value()) && a.scheme().equals(b.scheme());
    }

    /** The values of the completed event: areas, mean HU, SMI, BMI, height and weight. */
    static Map<String, Object> values(BodyCompositionResult r) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (TissueMeasurement t : r.tissues()) {
            String key =
                    switch (t.tissue()) {
                        case SKELETAL_MUSCLE -> "skeletalMuscle";
                        case SUBCUTANEOUS_FAT -> "subcutaneousFat";
                        case VISCERAL_FAT -> "visceralFat";
                        case INTERMUSCULAR_FAT -> "intermuscularFat";
                    };
            v.put(key + "AreaCm2", Math.round(t.areaCm2() * 100) / 100.0);
            if (t.meanHu() != null) {
                v.put(key + "MeanHu", Math.round(t.meanHu() * 10) / 10.0);
            }
        }
        if (r.smi().hasValue()) {
            v.put("smiCm2PerM2", Math.round(r.smi().value() * 100) / 100.0);
        }
        if (r.bmi().hasValue()) {
            v.put("bmiKgPerM2", Math.round(r.bmi().value() * 100) / 100.0);
        }
        if (r.height() != null) {
            v.put("heightM", r.height().value());
            v.put("heightSource", r.height().source().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (r.weight() != null) {
            v.put("weightKg", r.weight().value());
            v.put("weightSource", r.weight().source().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v;
    }
}
