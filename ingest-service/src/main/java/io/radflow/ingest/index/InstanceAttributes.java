package io.radflow.ingest.index;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;

/**
 * The attributes of one received instance that the index keeps (patient, study, series and
 * instance level), taken from its data set. Empty values are null.
 */
public record InstanceAttributes(
        String sopClassUID,
        String sopInstanceUID,
        String studyInstanceUID,
        String seriesInstanceUID,
        String patientID,
        String issuerOfPatientID,
        String patientName,
        String patientBirthDate,
        String patientSex,
        String specificCharacterSet,
        String studyDate,
        String studyTime,
        String accessionNumber,
        String studyID,
        String studyDescription,
        String referringPhysicianName,
        String timezoneOffsetFromUTC,
        Integer seriesNumber,
        String modality,
        String seriesDescription,
        String bodyPartExamined,
        String seriesDate,
        String seriesTime,
        String ppsStartDate,
        String ppsStartTime,
        Integer instanceNumber,
        Integer rows,
        Integer columns,
        Integer bitsAllocated,
        Integer numberOfFrames) {

    /** Extracts the indexed attributes of {@code ds}. */
    public static InstanceAttributes of(Attributes ds) {
        String[] cs = ds.getStrings(Tag.SpecificCharacterSet);
        return new InstanceAttributes(
                str(ds, Tag.SOPClassUID),
                str(ds, Tag.SOPInstanceUID),
                str(ds, Tag.StudyInstanceUID),
                str(ds, Tag.SeriesInstanceUID),
                str(ds, Tag.PatientID),
                str(ds, Tag.IssuerOfPatientID),
                pn(ds, Tag.PatientName),
                str(ds, Tag.PatientBirthDate),
                str(ds, Tag.PatientSex),
                cs == null || cs.length == 0 ? null : String.join("\\", cs),
                str(ds, Tag.StudyDate),
                str(ds, Tag.StudyTime),
                str(ds, Tag.AccessionNumber),
                str(ds, Tag.StudyID),
                str(ds, Tag.StudyDescription),
                pn(ds, Tag.ReferringPhysicianName),
                str(ds, Tag.TimezoneOffsetFromUTC),
                integer(ds, Tag.SeriesNumber),
                str(ds, Tag.Modality),
                str(ds, Tag.SeriesDescription),
                str(ds, Tag.BodyPartExamined),
                str(ds, Tag.SeriesDate),
                str(ds, Tag.SeriesTime),
                str(ds, Tag.PerformedProcedureStepStartDate),
                str(ds, Tag.PerformedProcedureStepStartTime),
                integer(ds, Tag.InstanceNumber),
                integer(ds, Tag.Rows),
                integer(ds, Tag.Columns),
                integer(ds, Tag.BitsAllocated),
                integer(ds, Tag.NumberOfFrames));
    }

    private static String str(Attributes ds, int tag) {
        String s;
        try {
            s = ds.getString(tag);
        } catch (RuntimeException e) {
            return null; // undecodable value: indexed as absent, the file keeps it as sent
        }
        if (s == null) {
            return null;
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    /** The whole PN value (all component groups) with trailing separators removed. */
    private static String pn(Attributes ds, int tag) {
        String s = str(ds, tag);
        if (s == null) {
            return null;
        }
        s = s.replaceAll("[\\^=]+$", "");
        return s.isEmpty() ? null : s;
    }

    private static Integer integer(Attributes ds, int tag) {
        String s = str(ds, tag);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
