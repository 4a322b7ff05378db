package io.radflow.teststudies.iod;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.teststudies.Rng;
import io.radflow.teststudies.Uids;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Study-level identity: UIDs, date and time, accession number, description, all derived from the
 * seed and the study kind.
 *
 * @param seed the seed
 * @param kind study kind ("abdominal-ct", "chest-ct", "chest-dx")
 * @param studyInstanceUid StudyInstanceUID
 * @param studyDate StudyDate (YYYYMMDD)
 * @param studyTime StudyTime (HHMMSS)
 * @param accessionNumber AccessionNumber
 * @param studyId StudyID
 * @param description StudyDescription
 */
public record StudyInfo(
        long seed,
        String kind,
        String studyInstanceUid,
        String studyDate,
        String studyTime,
        String accessionNumber,
        String studyId,
        String description) {

    /** Manufacturer written in every file. */
    public static final String MANUFACTURER = "Radflow";
    /** ManufacturerModelName written in every file. */
    public static final String MODEL = "Synthetic Phantom";

    /** The study for a seed and kind. */
    public static StudyInfo of(long seed, String kind, String description) {
        Rng rng = Rng.of(seed, kind + "/study", 0);
        LocalDate date = LocalDate.of(2024, 1, 1).plusDays(rng.nextInt(700));
        String time = String.format(Locale.ROOT, "%02d%02d%02d", 7 + rng.nextInt(12), rng.nextInt(60), rng.nextInt(60));
        return new StudyInfo(
                seed,
                kind,
                Uids.of(seed, kind, "study"),
                date.format(DateTimeFormatter.BASIC_ISO_DATE),
                time,
                String.format(Locale.ROOT, "A%09d", Math.floorMod(seed * 104_729 + kind.hashCode(), 1_000_000_000L)),
                Integer.toString(1 + rng.nextInt(9999)),
                description);
    }

    /** The SeriesInstanceUID of series n. */
    public String seriesUid(int seriesNumber) {
        return Uids.of(seed, kind, "series", seriesNumber);
    }

    /** The SOPInstanceUID of image i (0-based) of series n. */
    public String sopInstanceUid(int seriesNumber, int index) {
        return Uids.of(seed, kind, "sop", seriesNumber, index);
    }

    /** The FrameOfReferenceUID shared by the study's CT series. */
    public String frameOfReferenceUid() {
        return Uids.of(seed, kind, "frame-of-reference");
    }

    /** Writes the General Study and General Equipment module elements. */
    public void writeTo(Attributes a) {
        a.setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid);
        a.setString(Tag.StudyDate, VR.DA, studyDate);
        a.setString(Tag.StudyTime, VR.TM, studyTime);
        a.setNull(Tag.ReferringPhysicianName, VR.PN);
        a.setString(Tag.StudyID, VR.SH, studyId);
        a.setString(Tag.AccessionNumber, VR.SH, accessionNumber);
        a.setString(Tag.StudyDescription, VR.LO, description);
        a.setString(Tag.Manufacturer, VR.LO, MANUFACTURER);
        a.setString(Tag.InstitutionName, VR.LO, "Radflow Test Hospital");
        a.setString(Tag.StationName, VR.SH, "PHANTOM1");
        a.setString(Tag.ManufacturerModelName, VR.LO, MODEL);
        a.setString(Tag.DeviceSerialNumber, VR.LO, "RF-0001");
        a.setString(Tag.SoftwareVersions, VR.LO, "test-studies 1");
    }
}
