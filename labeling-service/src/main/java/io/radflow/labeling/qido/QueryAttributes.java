package io.radflow.labeling.qido;

import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of ingest's index views ({@code docs/archive-index.md}) that QIDO-RS matches and
 * returns, and the default return attributes per level (PS3.18 Tables 10.6.3-3 to 10.6.3-5).
 */
final class QueryAttributes {
    static final Map<Integer, QueryAttribute> ALL;

    static {
        Map<Integer, QueryAttribute> m = new LinkedHashMap<>();
        // study
        put(m, Tag.StudyInstanceUID, VR.UI, QidoLevel.STUDY, "st.study_iuid", Matching.UID_LIST, null);
        put(m, Tag.StudyDate, VR.DA, QidoLevel.STUDY, "st.study_date", Matching.DATE, null);
        put(m, Tag.StudyTime, VR.TM, QidoLevel.STUDY, "st.study_time", Matching.TIME, null);
        put(m, Tag.AccessionNumber, VR.SH, QidoLevel.STUDY, "st.accession_number", Matching.STRING, null);
        put(m, Tag.ModalitiesInStudy, VR.CS, QidoLevel.STUDY, "st.modalities_in_study", Matching.ARRAY, null);
        put(m, Tag.SOPClassesInStudy, VR.UI, QidoLevel.STUDY, "st.sop_classes_in_study", Matching.ARRAY, null);
        put(
                m,
                Tag.ReferringPhysicianName,
                VR.PN,
                QidoLevel.STUDY,
                "st.referring_physician_name",
                Matching.PERSON_NAME,
                "st.referring_physician_name_norm");
        put(m, Tag.TimezoneOffsetFromUTC, VR.SH, QidoLevel.STUDY, "st.timezone_offset_from_utc", Matching.STRING, null);
        put(m, Tag.StudyDescription, VR.LO, QidoLevel.STUDY, "st.study_description", Matching.STRING, null);
        put(
                m,
                Tag.PatientName,
                VR.PN,
                QidoLevel.STUDY,
                "st.patient_name",
                Matching.PERSON_NAME,
                "st.patient_name_norm");
        put(m, Tag.PatientID, VR.LO, QidoLevel.STUDY, "st.patient_id", Matching.STRING, null);
        put(m, Tag.IssuerOfPatientID, VR.LO, QidoLevel.STUDY, "st.issuer_of_patient_id", Matching.STRING, null);
        put(m, Tag.PatientBirthDate, VR.DA, QidoLevel.STUDY, "st.patient_birth_date", Matching.DATE, null);
        put(m, Tag.PatientSex, VR.CS, QidoLevel.STUDY, "st.patient_sex", Matching.STRING, null);
        put(m, Tag.StudyID, VR.SH, QidoLevel.STUDY, "st.study_id", Matching.STRING, null);
        put(m, Tag.NumberOfStudyRelatedSeries, VR.IS, QidoLevel.STUDY, "st.number_of_series", Matching.NUMBER, null);
        put(
                m,
                Tag.NumberOfStudyRelatedInstances,
                VR.IS,
                QidoLevel.STUDY,
                "st.number_of_instances",
                Matching.NUMBER,
                null);
        // series
        put(m, Tag.SeriesInstanceUID, VR.UI, QidoLevel.SERIES, "se.series_iuid", Matching.UID_LIST, null);
        put(m, Tag.Modality, VR.CS, QidoLevel.SERIES, "se.modality", Matching.STRING, null);
        put(m, Tag.SeriesDescription, VR.LO, QidoLevel.SERIES, "se.series_description", Matching.STRING, null);
        put(m, Tag.SeriesNumber, VR.IS, QidoLevel.SERIES, "se.series_number", Matching.NUMBER, null);
        put(m, Tag.BodyPartExamined, VR.CS, QidoLevel.SERIES, "se.body_part_examined", Matching.STRING, null);
        put(m, Tag.SeriesDate, VR.DA, QidoLevel.SERIES, "se.series_date", Matching.DATE, null);
        put(m, Tag.SeriesTime, VR.TM, QidoLevel.SERIES, "se.series_time", Matching.TIME, null);
        put(m, Tag.PerformedProcedureStepStartDate, VR.DA, QidoLevel.SERIES, "se.pps_start_date", Matching.DATE, null);
        put(m, Tag.PerformedProcedureStepStartTime, VR.TM, QidoLevel.SERIES, "se.pps_start_time", Matching.TIME, null);
        put(
                m,
                Tag.NumberOfSeriesRelatedInstances,
                VR.IS,
                QidoLevel.SERIES,
                "se.number_of_instances",
                Matching.NUMBER,
                null);
        // instance
        put(m, Tag.SOPInstanceUID, VR.UI, QidoLevel.INSTANCE, "i.sop_iuid", Matching.UID_LIST, null);
        put(m, Tag.SOPClassUID, VR.UI, QidoLevel.INSTANCE, "i.sop_cuid", Matching.UID_LIST, null);
        put(m, Tag.InstanceNumber, VR.IS, QidoLevel.INSTANCE, "i.instance_number", Matching.NUMBER, null);
        put(m, Tag.Rows, VR.US, QidoLevel.INSTANCE, "i.rows", Matching.NUMBER, null);
        put(m, Tag.Columns, VR.US, QidoLevel.INSTANCE, "i.columns", Matching.NUMBER, null);
        put(m, Tag.BitsAllocated, VR.US, QidoLevel.INSTANCE, "i.bits_allocated", Matching.NUMBER, null);
        put(m, Tag.NumberOfFrames, VR.IS, QidoLevel.INSTANCE, "i.number_of_frames", Matching.NUMBER, null);
        ALL = Collections.unmodifiableMap(m);
    }

    /** Returned at every level for every match (not columns). */
    static final int[] COMPUTED = {Tag.SpecificCharacterSet, Tag.InstanceAvailability, Tag.RetrieveURL};

    private QueryAttributes() {}

    private static void put(
            Map<Integer, QueryAttribute> m, int tag, VR vr, QidoLevel level, String col, Matching how, String norm) {
        m.put(tag, new QueryAttribute(tag, vr, level, col, how, norm));
    }

    /** Default return attributes of a level (PS3.18 Table 10.6.3-3/4/5). */
    static List<Integer> defaults(QidoLevel level) {
        List<Integer> out = new ArrayList<>();
        switch (level) {
            case STUDY ->
                out.addAll(List.of(
                        Tag.StudyDate,
                        Tag.StudyTime,
                        Tag.AccessionNumber,
                        Tag.ModalitiesInStudy,
                        Tag.ReferringPhysicianName,
                        Tag.TimezoneOffsetFromUTC,
                        Tag.StudyDescription,
                        Tag.PatientName,
                        Tag.PatientID,
                        Tag.PatientBirthDate,
                        Tag.PatientSex,
                        Tag.StudyInstanceUID,
                        Tag.StudyID,
                        Tag.NumberOfStudyRelatedSeries,
                        Tag.NumberOfStudyRelatedInstances));
            case SERIES ->
                out.addAll(List.of(
                        Tag.Modality,
                        Tag.TimezoneOffsetFromUTC,
                        Tag.SeriesDescription,
                        Tag.SeriesInstanceUID,
                        Tag.SeriesNumber,
                        Tag.NumberOfSeriesRelatedInstances,
                        Tag.PerformedProcedureStepStartDate,
                        Tag.PerformedProcedureStepStartTime,
                        Tag.StudyInstanceUID));
            case INSTANCE ->
                out.addAll(List.of(
                        Tag.SOPClassUID,
                        Tag.SOPInstanceUID,
                        Tag.TimezoneOffsetFromUTC,
                        Tag.InstanceNumber,
                        Tag.Rows,
                        Tag.Columns,
                        Tag.BitsAllocated,
                        Tag.NumberOfFrames,
                        Tag.SeriesInstanceUID,
                        Tag.StudyInstanceUID));
        }
        return out;
    }
}
