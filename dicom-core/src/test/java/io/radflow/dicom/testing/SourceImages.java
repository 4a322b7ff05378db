package io.radflow.dicom.testing;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small source images' metadata for result-object tests: a CT stack given in shuffled file order,
 * a multi-frame image with per-frame positions, a radiograph without geometry; and Part 10 bytes.
 */
public final class SourceImages {
    public static final String STUDY = "1.2.826.0.1.3680043.10.1455.1";
    public static final String SERIES = "1.2.826.0.1.3680043.10.1455.1.2";
    public static final String FOR = "1.2.826.0.1.3680043.10.1455.1.3";

    private SourceImages() {}

    /** {@code n} axial CT slices of rows × cols, 2.5 mm apart, in a shuffled order (seeded). */
    public static List<Attributes> ctStack(int n, int rows, int cols, long seed) {
        List<Attributes> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Attributes ds = common(UID.CTImageStorage, "CT", rows, cols);
            ds.setString(Tag.SOPInstanceUID, VR.UI, SERIES + "." + (i + 1));
            ds.setInt(Tag.InstanceNumber, VR.IS, n - i); // instance numbers run against the position
            ds.setString(Tag.FrameOfReferenceUID, VR.UI, FOR);
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, -100, -100, -50 + 2.5 * i);
            ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
            ds.setDouble(Tag.PixelSpacing, VR.DS, 0.7, 0.7);
            ds.setDouble(Tag.SliceThickness, VR.DS, 2.5);
            list.add(ds);
        }
        java.util.Collections.shuffle(list, new Random(seed));
        return list;
    }

    /** One multi-frame image of {@code frames} frames with per-frame plane positions. */
    public static Attributes multiFrame(int frames, int rows, int cols) {
        Attributes ds = common(UID.EnhancedCTImageStorage, "CT", rows, cols);
        ds.setString(Tag.SOPInstanceUID, VR.UI, SERIES + ".100");
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, FOR);
        ds.setInt(Tag.NumberOfFrames, VR.IS, frames);
        Attributes shared = new Attributes();
        Attributes ori = new Attributes();
        ori.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        shared.newSequence(Tag.PlaneOrientationSequence, 1).add(ori);
        Attributes px = new Attributes();
        px.setDouble(Tag.PixelSpacing, VR.DS, 0.7, 0.7);
        px.setDouble(Tag.SliceThickness, VR.DS, 2.5);
        shared.newSequence(Tag.PixelMeasuresSequence, 1).add(px);
        ds.newSequence(Tag.SharedFunctionalGroupsSequence, 1).add(shared);
        Sequence pf = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence, frames);
        for (int f = 0; f < frames; f++) {
            Attributes item = new Attributes();
            Attributes pos = new Attributes();
            pos.setDouble(Tag.ImagePositionPatient, VR.DS, -100, -100, 30 - 2.5 * f); // descending
            item.newSequence(Tag.PlanePositionSequence, 1).add(pos);
            pf.add(item);
        }
        return ds;
    }

    /** A PA chest radiograph's metadata (no frame of reference, no position). */
    public static Attributes radiograph(int rows, int cols) {
        Attributes ds = common(UID.DigitalXRayImageStorageForPresentation, "DX", rows, cols);
        ds.setString(Tag.SOPInstanceUID, VR.UI, SERIES + ".200");
        ds.setString(Tag.ViewPosition, VR.CS, "PA");
        ds.setDouble(Tag.ImagerPixelSpacing, VR.DS, 0.2, 0.2);
        return ds;
    }

    private static Attributes common(String cls, String modality, int rows, int cols) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, cls);
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        ds.setString(Tag.Modality, VR.CS, modality);
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, "RF-0001");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19600101");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.StudyDate, VR.DA, "20261201");
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, "A1");
        ds.setString(Tag.StudyID, VR.SH, "S1");
        ds.setNull(Tag.ReferringPhysicianName, VR.PN);
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, cols);
        return ds;
    }

    /** Part 10 bytes (Explicit VR Little Endian) of a data set. */
    public static byte[] part10(Attributes ds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DicomOutputStream dos = new DicomOutputStream(out, UID.ExplicitVRLittleEndian)) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        }
        return out.toByteArray();
    }

    /** The data set of Part 10 bytes. */
    public static Attributes read(byte[] part10) throws IOException {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            return in.readDataset();
        }
    }
}
