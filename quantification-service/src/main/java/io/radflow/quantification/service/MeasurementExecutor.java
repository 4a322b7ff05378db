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
        try {
            List<Attributes> images = source.seriesMetadata(m.studyUid, m.sourceSeriesUid);
            Attributes seg = source.retrieveInstance(m.studyUid, m.segSeriesUid, m.segSopUid)
                    .dataset();
            RetrievedInstance l3 = source.retrieveInstance(m.studyUid, m.sourceSeriesUid, m.l3SopUid);
            return measure(m, images, seg, l3.dataset(), l3.transferSyntaxUid());
        } catch (DicomWebException e) {
            throw new MeasurementException("reading the SEG or the L3 slice: " + e.getMessage(), e.retryable(), e);
        }
    }

    private MeasurementStore.Outcome measure(
            Measurement m, List<Attributes> images, Attributes segDs, Attributes l3Ds, String l3Ts)
            throws MeasurementException {
        long t0 = System.nanoTime();
        int index = -1;
        for (int i = 0; i < images.size(); i++) {
            if (m.l3SopUid.equals(images.get(i).getString(Tag.SOPInstanceUID))) {
                index = i;
            }
        }
        if (index < 0) {
            throw MeasurementException.permanent(
                    "the L3 slice " + m.l3SopUid + " is not an image of series " + m.sourceSeriesUid);
        }
        Map<BodyTissue, Integer> segments = new EnumMap<>(BodyTissue.class);
        TissueMasks masks;
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
            Map<Integer, List<byte[]>> bySegment = segmentation.masksFor(SourceFrame.of(images));
            final int at = index;
            java.util.function.Function<BodyTissue, byte[]> mask = t -> {
                Integer n = segments.get(t);
                List<byte[]> frames = n == null ? null : bySegment.get(n);
                return frames == null ? null : frames.get(at);
            };
            masks = TissueMasks.ofBytes(
                    mask.apply(BodyTissue.SKELETAL_MUSCLE),
                    mask.apply(BodyTissue.SUBCUTANEOUS_FAT),
                    mask.apply(BodyTissue.VISCERAL_FAT));
        } catch (SegmentationException e) {
            throw MeasurementException.permanent(
                    "the SEG " + m.segSopUid + " does not fit the CT series: " + e.getMessage());
        }
        AxialSlice slice;
        try {
            slice = AxialSlice.of(l3Ds, l3Ts);
        } catch (PixelDataException | IllegalArgumentException e) {
            throw MeasurementException.permanent("the L3 slice " + m.l3SopUid + ": " + e.getMessage());
        }
        SliceMeasurement measured;
        try {
            measured = new SliceMeasurer(thresholds()).measure(slice, masks);
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
                BodyCompositionResult.L3Slice.of(
                        l3Ds,
                        "annotator".equals(m.l3Source)
                                ? BodyCompositionResult.L3Source.ANNOTATOR
                                : BodyCompositionResult.L3Source.MODEL),
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
        try {
            sr = BodyCompositionSr.build(result, m.id.toString(), version, l3Ds, segDs, segments);
        } catch (SrException e) {
            throw MeasurementException.permanent("cannot encode the SR: " + e.getMessage());
        }
        metrics.compute(Duration.ofNanos(System.nanoTime() - t0));
        try {
            StoreResult stored = target.store(List.of(sr));
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
                version);
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
