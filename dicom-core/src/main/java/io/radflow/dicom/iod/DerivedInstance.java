package io.radflow.dicom.iod;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The modules every instance Radflow derives from a study shares: Patient, General Study and Patient
 * Study copied from a source image (with its Specific Character Set, so names keep their encoding),
 * SOP Common, a new series, General and Enhanced General Equipment naming Radflow.
 *
 * @param seriesInstanceUid the new series' UID (null: a new one)
 * @param sopInstanceUid the new instance's UID (null: a new one); a writer that must not make a
 *     second result when it runs again derives both UIDs from what it works on ({@link #uidFor})
 * @param seriesNumber Series Number
 * @param seriesDescription Series Description, or null
 * @param instanceNumber Instance Number
 * @param softwareVersion Software Versions (Radflow's and the algorithm's)
 * @param modelName Manufacturer's Model Name (the algorithm or tool)
 * @param created content date and time (null: now)
 */
public record DerivedInstance(
        String seriesInstanceUid,
        String sopInstanceUid,
        int seriesNumber,
        String seriesDescription,
        int instanceNumber,
        String softwareVersion,
        String modelName,
        LocalDateTime created) {

    /** Manufacturer (0008,0070) of every instance Radflow creates. */
    public static final String MANUFACTURER = "Radflow";

    /** Device Serial Number of Radflow's software device (Enhanced General Equipment requires one). */
    public static final String DEVICE_SERIAL_NUMBER = "RADFLOW-SOFTWARE";

    private static final int[] PATIENT_AND_STUDY = {
        Tag.SpecificCharacterSet,
        Tag.StudyDate,
        Tag.StudyTime,
        Tag.AccessionNumber,
        Tag.IssuerOfAccessionNumberSequence,
        Tag.ReferringPhysicianName,
        Tag.StudyDescription,
        Tag.PatientName,
        Tag.PatientID,
        Tag.IssuerOfPatientID,
        Tag.IssuerOfPatientIDQualifiersSequence,
        Tag.PatientBirthDate,
        Tag.PatientSex,
        Tag.OtherPatientIDsSequence,
        Tag.PatientAge,
        Tag.PatientSize,
        Tag.PatientWeight,
        Tag.PatientIdentityRemoved,
        Tag.DeidentificationMethod,
        Tag.StudyInstanceUID,
        Tag.StudyID,
    };

    /** Defaults: a new series, series number 1000, instance 1, created now. */
    public DerivedInstance {
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(modelName, "modelName");
    }

    /**
     * A UID derived from a name (a job key and what the UID is for): the same name always gives the
     * same UID, under the 2.25 root (PS3.5 B.2, from a name-based UUID, RFC 9562 version 5 style,
     * SHA-256 truncated to 128 bits with version 8 and variant bits set).
     */
    public static String uidFor(String name) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0F) | 0x80);
            h[8] = (byte) ((h[8] & 0x3F) | 0x80);
            return "2.25." + new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A data set with this instance's common modules.
     *
     * @param source a source image of the study (its Patient / Study modules are copied)
     * @param sopClassUid the new instance's SOP Class UID
     * @param modality SEG, SR, ...
     */
    public Attributes create(Attributes source, String sopClassUid, String modality) {
        Attributes ds = new Attributes(64);
        for (int tag : PATIENT_AND_STUDY) {
            Object value = source.getValue(tag);
            if (value instanceof io.radflow.dicom.data.Sequence seq) {
                var copy = ds.newSequence(tag, seq.size());
                seq.forEach(item -> copy.add(new Attributes(item)));
            } else if (source.contains(tag)) {
                ds.setValue(tag, source.getVR(tag), value instanceof byte[] b ? b.clone() : value);
            }
        }
        for (int type2 : new int[] {
            Tag.PatientName,
            Tag.PatientID,
            Tag.PatientBirthDate,
            Tag.PatientSex,
            Tag.StudyDate,
            Tag.StudyTime,
            Tag.ReferringPhysicianName,
            Tag.StudyID,
            Tag.AccessionNumber
        }) {
            if (!ds.contains(type2)) {
                ds.setNull(type2, io.radflow.dicom.data.ElementDictionary.vrOf(type2));
            }
        }
        if (!ds.containsValue(Tag.StudyInstanceUID)) {
            throw new IllegalArgumentException("source image without StudyInstanceUID");
        }
        LocalDateTime t = created == null ? LocalDateTime.now() : created;
        String date = t.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = t.format(DateTimeFormatter.ofPattern("HHmmss.SSS"));
        ds.setString(Tag.SOPClassUID, VR.UI, sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid == null ? UID.createUID() : sopInstanceUid);
        ds.setString(Tag.InstanceCreationDate, VR.DA, date);
        ds.setString(Tag.InstanceCreationTime, VR.TM, time);
        ds.setString(Tag.Modality, VR.CS, modality);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesInstanceUid == null ? UID.createUID() : seriesInstanceUid);
        ds.setInt(Tag.SeriesNumber, VR.IS, seriesNumber);
        ds.setString(Tag.SeriesDate, VR.DA, date);
        ds.setString(Tag.SeriesTime, VR.TM, time);
        if (seriesDescription != null) {
            ds.setString(Tag.SeriesDescription, VR.LO, seriesDescription);
        }
        ds.setInt(Tag.InstanceNumber, VR.IS, instanceNumber);
        ds.setString(Tag.ContentDate, VR.DA, date);
        ds.setString(Tag.ContentTime, VR.TM, time);
        ds.setString(Tag.Manufacturer, VR.LO, MANUFACTURER);
        ds.setString(Tag.ManufacturerModelName, VR.LO, modelName);
        ds.setString(Tag.DeviceSerialNumber, VR.LO, DEVICE_SERIAL_NUMBER);
        ds.setString(Tag.SoftwareVersions, VR.LO, softwareVersion);
        return ds;
    }
}
