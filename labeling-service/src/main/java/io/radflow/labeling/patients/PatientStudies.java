package io.radflow.labeling.patients;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/patients/{id}/studies}: a patient's studies, newest first, with
 * their series, AI results (TID 1500 SRs) and label sets, and the clinical context the archived
 * images carry, each value with the study it came from.
 *
 * @param patientID the Patient ID asked for
 * @param patientName Patient's Name of the newest study (PN as received), or null
 * @param truncated true when the patient has more studies than answered (the newest are answered)
 * @param clinicalContext by DICOM keyword (PatientSex, PatientAge, PatientSize, PatientWeight,
 *     MedicalAlerts, Allergies, AdditionalPatientHistory, SmokingStatus, PregnancyStatus): the values
 *     found, newest study first; an empty list when no study has it
 * @param studies the studies, newest first (Study Date and Time; undated last)
 */
public record PatientStudies(
        String patientID,
        String patientName,
        boolean truncated,
        Map<String, List<ClinicalValue>> clinicalContext,
        List<Study> studies) {

    /**
     * One study.
     *
     * @param studyInstanceUID Study Instance UID
     * @param issuerOfPatientID Issuer of Patient ID of the study's patient, or null when none
     * @param studyDate Study Date (YYYYMMDD), or null
     * @param studyTime Study Time, or null
     * @param accessionNumber Accession Number, or null
     * @param studyDescription Study Description, or null
     * @param modalitiesInStudy modalities of its series
     * @param numberOfSeries series in the archive
     * @param numberOfInstances instances in the archive
     * @param series its series, in Series Number order
     * @param aiResults its SR instances (series of modality SR), read as TID 1500 measurement reports
     * @param labelSets its label sets, most recently updated first
     */
    public record Study(
            String studyInstanceUID,
            String issuerOfPatientID,
            String studyDate,
            String studyTime,
            String accessionNumber,
            String studyDescription,
            List<String> modalitiesInStudy,
            int numberOfSeries,
            int numberOfInstances,
            List<Series> series,
            List<AiResult> aiResults,
            List<LabelSetSummary> labelSets) {}

    /** A series of a study. */
    public record Series(
            String seriesInstanceUID,
            Integer seriesNumber,
            String modality,
            String seriesDescription,
            int numberOfInstances) {}

    /**
     * An SR instance of a study, read as a TID 1500 Imaging Measurement Report.
     *
     * @param sopInstanceUID SOP Instance UID of the SR
     * @param seriesInstanceUID its series
     * @param seriesDescription its series' description ("Radflow AI …" for Radflow's results)
     * @param radflow whether the series is a Radflow AI result (description starts with "Radflow AI")
     * @param demo whether it is a demo model's result (description starts with "Radflow AI DEMO")
     * @param contentDate Content Date, or null
     * @param contentTime Content Time, or null
     * @param device the device (algorithm) that made the report; null when unreadable
     * @param groups the measurement groups; empty when unreadable
     * @param error why the SR could not be read as a measurement report, else null (absent)
     */
    public record AiResult(
            String sopInstanceUID,
            String seriesInstanceUID,
            String seriesDescription,
            boolean radflow,
            boolean demo,
            String contentDate,
            String contentTime,
            Device device,
            List<Group> groups,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}

    /** The report's device observer (TID 1004): name is the algorithm. */
    public record Device(String uid, String name, String manufacturer, String modelName) {}

    /** A coded concept: code value, coding scheme designator, code meaning. */
    public record CodeView(String value, String scheme, String meaning) {}

    /** TID 4019 algorithm identification of a group. */
    public record Algorithm(String name, String version, List<String> parameters) {}

    /**
     * A measurement group.
     *
     * @param trackingId Tracking Identifier
     * @param trackingUid Tracking Unique Identifier
     * @param finding Finding, or null
     * @param findingSite Finding Site, or null
     * @param algorithm the algorithm, or null
     * @param evaluations qualitative evaluations ("Pneumonia = Present": the per-patient calls)
     * @param measurements numeric measurements (probabilities, areas, mean HU, …)
     * @param roi the region of interest, or null (absent) when the group has none
     */
    public record Group(
            String trackingId,
            String trackingUid,
            CodeView finding,
            CodeView findingSite,
            Algorithm algorithm,
            List<Evaluation> evaluations,
            List<Measurement> measurements,
            @JsonInclude(JsonInclude.Include.NON_NULL) Roi roi) {}

    /**
     * A qualitative evaluation.
     *
     * @param concept what is evaluated
     * @param value the answer
     * @param text "concept = value" in code meanings
     */
    public record Evaluation(CodeView concept, CodeView value, String text) {}

    /** A numeric measurement: concept, value, UCUM unit. */
    public record Measurement(CodeView concept, BigDecimal value, CodeView unit) {}

    /**
     * A group's region of interest: {@code planar} (an SCOORD on one image, pixel coordinates as
     * column, row pairs) or {@code volumetric} (a segment of a SEG).
     *
     * @param kind {@code planar} or {@code volumetric}
     * @param graphicType POLYLINE, POINT, CIRCLE, ELLIPSE, … (planar)
     * @param coordinates column, row pairs (planar)
     * @param referencedSopInstanceUID the image the coordinates are on (planar)
     * @param referencedFrameNumber the frame of a multi-frame image (planar), else absent
     * @param segmentationSopInstanceUID the SEG (volumetric)
     * @param segmentNumber the segment (volumetric)
     * @param sourceSeriesInstanceUID the series the SEG was made on (volumetric)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Roi(
            String kind,
            String graphicType,
            float[] coordinates,
            String referencedSopInstanceUID,
            Integer referencedFrameNumber,
            String segmentationSopInstanceUID,
            Integer segmentNumber,
            String sourceSeriesInstanceUID) {}

    /** A label set of a study. */
    public record LabelSetSummary(
            long id, String name, String seriesInstanceUID, int currentVersion, Instant updatedAt) {}

    /**
     * One value of a clinical attribute, with the study whose image carried it.
     *
     * @param value a string, a number (PatientSize, PatientWeight, PregnancyStatus) or, for the
     *     multi-valued MedicalAlerts and Allergies, a list of strings
     * @param text the value in words (PregnancyStatus, PatientAge), else absent
     * @param studyInstanceUID the study
     * @param studyDate its Study Date, or null
     */
    public record ClinicalValue(
            Object value,
            @JsonInclude(JsonInclude.Include.NON_NULL) String text,
            String studyInstanceUID,
            String studyDate) {}
}
