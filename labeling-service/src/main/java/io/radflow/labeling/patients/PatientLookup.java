package io.radflow.labeling.patients;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.sr.SrReader;
import io.radflow.labeling.api.ApiException;
import io.radflow.labeling.archive.InstanceFiles;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.labels.LabelStore;
import io.radflow.labeling.patients.PatientIndex.SeriesRow;
import io.radflow.labeling.patients.PatientIndex.StudyRow;
import io.radflow.labeling.patients.PatientStudies.AiResult;
import io.radflow.labeling.patients.PatientStudies.ClinicalValue;
import io.radflow.labeling.patients.PatientStudies.CodeView;
import io.radflow.labeling.patients.PatientStudies.Evaluation;
import io.radflow.labeling.patients.PatientStudies.Group;
import io.radflow.labeling.patients.PatientStudies.LabelSetSummary;
import io.radflow.labeling.patients.PatientStudies.Roi;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Assembles a patient's page ({@link PatientStudies}): the newest {@link #MAX_STUDIES} studies of a
 * Patient ID from the index ({@link PatientIndex}, four queries in all), each study's SR instances
 * read from the archive with dicom-core's SR reader as TID 1500 measurement reports (one that cannot
 * be read is listed with its error), its label sets ({@link LabelStore}), and the clinical context of
 * the first instance of each study's first image series (parsed-header cache {@link InstanceFiles}).
 * Called on a worker thread.
 */
@ApplicationScoped
public class PatientLookup {
    private static final Logger LOG = Logger.getLogger(PatientLookup.class);

    /** The most studies answered (the newest). */
    public static final int MAX_STUDIES = 100;

    /** The longest Patient ID (LO). */
    public static final int MAX_ID_LENGTH = 64;

    /** Series description prefix of Radflow's AI results, and of demo models' results. */
    static final String RADFLOW_AI = "Radflow AI";

    static final String RADFLOW_AI_DEMO = "Radflow AI DEMO";

    /** Modalities of series without images: not where clinical context is read from. */
    private static final Set<String> NOT_IMAGES =
            Set.of("SR", "SEG", "KO", "PR", "RTSTRUCT", "RTPLAN", "RTDOSE", "REG", "DOC", "AU", "ECG", "PLAN");

    /** The clinical attributes answered, by keyword. */
    static final Map<String, Integer> CLINICAL = clinical();

    private final PatientIndex index;
    private final InstanceFiles files;
    private final LabelStore labels;

    public PatientLookup(PatientIndex index, InstanceFiles files, LabelStore labels) {
        this.index = index;
        this.files = files;
        this.labels = labels;
    }

    private static Map<String, Integer> clinical() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("PatientSex", Tag.PatientSex);
        m.put("PatientAge", Tag.PatientAge);
        m.put("PatientSize", Tag.PatientSize);
        m.put("PatientWeight", Tag.PatientWeight);
        m.put("MedicalAlerts", Tag.MedicalAlerts);
        m.put("Allergies", Tag.Allergies);
        m.put("AdditionalPatientHistory", Tag.AdditionalPatientHistory);
        m.put("SmokingStatus", Tag.SmokingStatus);
        m.put("PregnancyStatus", Tag.PregnancyStatus);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The patient's page.
     *
     * @param patientId the Patient ID (leading and trailing spaces are not significant)
     * @param issuer Issuer of Patient ID to restrict to ({@code ""}: none), or null for any
     * @throws ApiException 400 for an empty or too long ID, 404 when no study of it is archived
     */
    public PatientStudies lookup(String patientId, String issuer) {
        String id = checkId(patientId);
        List<StudyRow> rows = index.studies(id, issuer, MAX_STUDIES + 1);
        if (rows.isEmpty()) {
            throw new ApiException(
                    404,
                    "no study of patient '" + id + "'" + (issuer == null ? "" : " (issuer '" + issuer + "')")
                            + " in the archive");
        }
        boolean truncated = rows.size() > MAX_STUDIES;
        if (truncated) {
            rows = rows.subList(0, MAX_STUDIES);
        }
        List<String> studyUids = rows.stream().map(StudyRow::studyInstanceUID).toList();
        Map<String, List<SeriesRow>> series = index.series(studyUids);

        List<String> srSeries = new ArrayList<>();
        Map<String, String> contextSeries = new LinkedHashMap<>(); // study -> series read for the context
        Map<String, SeriesRow> seriesByUid = new LinkedHashMap<>();
        for (String study : studyUids) {
            List<SeriesRow> ss = series.getOrDefault(study, List.of());
            for (SeriesRow s : ss) {
                seriesByUid.put(s.seriesInstanceUID(), s);
                if ("SR".equals(s.modality())) {
                    srSeries.add(s.seriesInstanceUID());
                }
            }
            ss.stream()
                    .filter(s -> s.modality() == null || !NOT_IMAGES.contains(s.modality()))
                    .findFirst()
                    .or(() -> ss.stream().findFirst())
                    .ifPresent(s -> contextSeries.put(study, s.seriesInstanceUID()));
        }
        Map<String, InstanceLocation> first = index.firstInstances(contextSeries.values());
        Map<String, List<AiResult>> results = new LinkedHashMap<>();
        for (InstanceLocation sr : index.instances(srSeries)) {
            results.computeIfAbsent(sr.studyInstanceUID(), k -> new ArrayList<>())
                    .add(aiResult(sr, seriesByUid.get(sr.seriesInstanceUID())));
        }

        Map<String, List<ClinicalValue>> context = new LinkedHashMap<>();
        CLINICAL.keySet().forEach(k -> context.put(k, new ArrayList<>()));
        List<PatientStudies.Study> studies = new ArrayList<>();
        for (StudyRow r : rows) {
            String study = r.studyInstanceUID();
            InstanceLocation loc = first.get(contextSeries.get(study));
            if (loc != null) {
                addContext(context, loc, r);
            }
            List<PatientStudies.Series> ss = series.getOrDefault(study, List.of()).stream()
                    .map(s -> new PatientStudies.Series(
                            s.seriesInstanceUID(),
                            s.seriesNumber(),
                            s.modality(),
                            s.seriesDescription(),
                            s.numberOfInstances()))
                    .toList();
            List<LabelSetSummary> sets = labels.list(study, null).stream()
                    .map(l -> new LabelSetSummary(l.id, l.name, l.seriesUid, l.currentVersion, l.updatedAt))
                    .toList();
            studies.add(new PatientStudies.Study(
                    study,
                    r.issuerOfPatientID(),
                    r.studyDate(),
                    r.studyTime(),
                    r.accessionNumber(),
                    r.studyDescription(),
                    r.modalitiesInStudy(),
                    r.numberOfSeries(),
                    r.numberOfInstances(),
                    ss,
                    results.getOrDefault(study, List.of()),
                    sets));
        }
        return new PatientStudies(id, rows.get(0).patientName(), truncated, context, studies);
    }

    /**
     * The ID without insignificant (leading, trailing) spaces.
     *
     * @throws ApiException 400 when empty, longer than an LO, or with a backslash or control character
     */
    public static String checkId(String patientId) {
        String id = patientId == null ? "" : patientId.strip();
        if (id.isEmpty()) {
            throw ApiException.badRequest("patient ID is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("patient ID longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))) {
            throw ApiException.badRequest("patient ID contains a backslash or a control character");
        }
        return id;
    }

    /** The study's values of the clinical attributes, appended (studies come newest first). */
    private void addContext(Map<String, List<ClinicalValue>> context, InstanceLocation loc, StudyRow study) {
        Attributes ds;
        try {
            ds = files.parse(loc).dataset();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "clinical context of study %s not read: instance %s: %s",
                    study.studyInstanceUID(), loc.sopInstanceUID(), e.getMessage());
            return;
        }
        for (Map.Entry<String, Integer> e : CLINICAL.entrySet()) {
            ClinicalValue v = clinicalValue(ds, e.getValue(), study);
            if (v != null) {
                context.get(e.getKey()).add(v);
            }
        }
    }

    /** One attribute's value in the answer's form, or null when absent or empty. */
    static ClinicalValue clinicalValue(Attributes ds, int tag, StudyRow study) {
        String[] raw = ds.getStrings(tag);
        if (raw == null) {
            return null;
        }
        List<String> values =
                Arrays.stream(raw).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (values.isEmpty()) {
            return null;
        }
        Object value = values.get(0);
        String text = null;
        switch (tag) {
            case Tag.MedicalAlerts, Tag.Allergies -> value = values;
            case Tag.PatientSize, Tag.PatientWeight -> value = number(values.get(0));
            case Tag.PregnancyStatus -> {
                int code = ds.getInt(tag, 0);
                value = code;
                text = pregnancy(code);
            }
            case Tag.PatientAge -> text = age(values.get(0));
            default -> {}
        }
        return new ClinicalValue(value, text, study.studyInstanceUID(), study.studyDate());
    }

    /** A Decimal String as a number, or the text as found when it is not one. */
    private static Object number(String ds) {
        try {
            return new BigDecimal(ds);
        } catch (NumberFormatException e) {
            return ds;
        }
    }

    /** Pregnancy Status (0010,21C0) in words (PS3.3 C.7.1.1). */
    static String pregnancy(int code) {
        return switch (code) {
            case 1 -> "not pregnant";
            case 2 -> "possibly pregnant";
            case 3 -> "definitely pregnant";
            case 4 -> "unknown";
            default -> "invalid value " + code;
        };
    }

    /** An Age String ("045Y") in words ("45 years"), or null when it is not one. */
    static String age(String as) {
        if (!as.matches("\\d{3}[DWMY]")) {
            return null;
        }
        int n = Integer.parseInt(as.substring(0, 3));
        String unit =
                switch (as.charAt(3)) {
                    case 'D' -> "day";
                    case 'W' -> "week";
                    case 'M' -> "month";
                    default -> "year";
                };
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** An SR instance read as a measurement report; an unreadable one with its error. */
    private AiResult aiResult(InstanceLocation loc, SeriesRow series) {
        String description = series == null ? null : series.seriesDescription();
        Attributes ds = null;
        String error;
        try {
            ds = files.parse(loc).dataset();
            if (description == null) {
                description = ds.getString(Tag.SeriesDescription);
            }
            MeasurementReport.Report report = MeasurementReport.parse(SrReader.read(ds));
            MeasurementReport.Device d = report.device();
            return new AiResult(
                    loc.sopInstanceUID(),
                    loc.seriesInstanceUID(),
                    description,
                    isRadflow(description),
                    isDemo(description),
                    ds.getString(Tag.ContentDate),
                    ds.getString(Tag.ContentTime),
                    new PatientStudies.Device(d.uid(), d.name(), d.manufacturer(), d.modelName()),
                    report.groups().stream().map(PatientLookup::group).toList(),
                    null);
        } catch (SrException e) {
            error = "not readable as a TID 1500 measurement report: " + e.getMessage();
        } catch (RuntimeException e) {
            error = "not readable: " + e.getMessage();
            LOG.warnf("SR %s of study %s not read: %s", loc.sopInstanceUID(), loc.studyInstanceUID(), e.toString());
        }
        return new AiResult(
                loc.sopInstanceUID(),
                loc.seriesInstanceUID(),
                description,
                isRadflow(description),
                isDemo(description),
                ds == null ? null : ds.getString(Tag.ContentDate),
                ds == null ? null : ds.getString(Tag.ContentTime),
                null,
                List.of(),
                error);
    }

    static boolean isRadflow(String seriesDescription) {
        return seriesDescription != null && seriesDescription.startsWith(RADFLOW_AI);
    }

    static boolean isDemo(String seriesDescription) {
        return seriesDescription != null && seriesDescription.startsWith(RADFLOW_AI_DEMO);
    }

    private static Group group(MeasurementReport.Group g) {
        MeasurementReport.Algorithm a = g.algorithm();
        return new Group(
                g.trackingId(),
                g.trackingUid(),
                code(g.finding()),
                code(g.findingSite()),
                a == null ? null : new PatientStudies.Algorithm(a.name(), a.version(), a.parameters()),
                g.evaluations().stream()
                        .map(e -> new Evaluation(
                                code(e.concept()),
                                code(e.value()),
                                e.concept().meaning() + " = " + e.value().meaning()))
                        .toList(),
                g.measurements().stream()
                        .map(m -> new PatientStudies.Measurement(code(m.concept()), m.value(), code(m.unit())))
                        .toList(),
                roi(g.roi()));
    }

    private static Roi roi(MeasurementReport.Roi roi) {
        return switch (roi) {
            case MeasurementReport.PlanarRoi p ->
                new Roi(
                        "planar",
                        p.graphicType(),
                        p.data().clone(),
                        p.image().sopInstanceUid(),
                        p.image().frameNumber() > 0 ? p.image().frameNumber() : null,
                        null,
                        null,
                        null);
            case MeasurementReport.VolumetricRoi v ->
                new Roi(
                        "volumetric",
                        null,
                        null,
                        null,
                        null,
                        v.segmentationSopInstanceUid(),
                        v.segmentNumber(),
                        v.sourceSeriesUid());
            case MeasurementReport.PlanarRoi3d p ->
                new Roi("planar3d", p.graphicType(), p.data().clone(), null, null, null, null, null);
            case null -> null;
        };
    }

    private static CodeView code(Code c) {
        return c == null ? null : new CodeView(c.value(), c.scheme(), c.meaning());
    }
}
