package io.radflow.service.warmup;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.util.Random;

/**
 * Synthetic CT images for the services' start-up warm-ups (issue 23): the attributes a scanner sends,
 * pseudo-random 12-bit pixels, one study and series UID per call, the patient named {@code
 * WARMUP^SYNTHETIC} and the study described as never stored. They exist only inside the warming service;
 * nothing of them is stored, indexed or announced.
 */
public final class SyntheticCt {
    private SyntheticCt() {}

    /** A CT image of {@code size}² 16-bit pixels with the attributes a scanner sends. */
    public static Attributes image(int size) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.StudyDate, VR.DA, "20260101");
        ds.setString(Tag.StudyTime, VR.TM, "120000");
        ds.setString(Tag.AccessionNumber, VR.SH, "WARMUP");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Radflow");
        ds.setString(Tag.StudyDescription, VR.LO, "Radflow start-up warm-up (synthetic, never stored)");
        ds.setString(Tag.SeriesDescription, VR.LO, "synthetic");
        ds.setString(Tag.PatientName, VR.PN, "WARMUP^SYNTHETIC");
        ds.setString(Tag.PatientID, VR.LO, "RADFLOW-WARMUP");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.PatientSex, VR.CS, "O");
        ds.setString(Tag.SliceThickness, VR.DS, "1.25");
        ds.setString(Tag.KVP, VR.DS, "120");
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, UID.createUID());
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, size);
        ds.setInt(Tag.Columns, VR.US, size);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.78, 0.78);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.WindowCenter, VR.DS, "40");
        ds.setString(Tag.WindowWidth, VR.DS, "400");
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ds.setString(Tag.RescaleSlope, VR.DS, "1");
        byte[] pixels = new byte[size * size * 2];
        new Random(23).nextBytes(pixels);
        for (int i = 1; i < pixels.length; i += 2) {
            pixels[i] &= 0x0F; // 12 bits stored
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        // what real CT headers also carry, so that the warmed code has seen it: empty values, multi-valued
        // strings, numbers in binary VRs, sequences with items and empty ones, a private block
        ds.setNull(Tag.ReferringPhysicianName, VR.PN);
        ds.setNull(Tag.PositionReferenceIndicator, VR.LO);
        ds.setString(Tag.InstitutionName, VR.LO, "Radflow Warm-up");
        ds.setString(Tag.PatientAge, VR.AS, "054Y");
        ds.setString(Tag.DataCollectionDiameter, VR.DS, "500");
        ds.setString(Tag.ExposureTime, VR.IS, "500");
        ds.setString(Tag.XRayTubeCurrent, VR.IS, "200");
        ds.setDouble(Tag.SingleCollimationWidth, VR.FD, 0.625);
        ds.setDouble(Tag.TotalCollimationWidth, VR.FD, 40);
        ds.setDouble(Tag.SpiralPitchFactor, VR.FD, 0.984375);
        ds.setDouble(Tag.CTDIvol, VR.FD, 11.7);
        ds.setString(Tag.WindowCenter, VR.DS, "40", "400");
        ds.setString(Tag.WindowWidth, VR.DS, "400", "1800");
        Attributes code = new Attributes();
        code.setString(Tag.CodeValue, VR.SH, "CTABD");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "RADFLOW");
        code.setString(Tag.CodeMeaning, VR.LO, "CT abdomen");
        ds.newSequence(Tag.ProcedureCodeSequence, 1).add(code);
        Attributes ref = new Attributes();
        ref.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.3.1.2.3.1");
        ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, UID.createUID());
        ds.newSequence(Tag.ReferencedStudySequence, 1).add(ref);
        ds.newSequence(Tag.AnatomicRegionSequence, 0);
        ds.setString(0x00090010, VR.LO, "RADFLOW WARM-UP");
        ds.setString(0x00091001, VR.LO, "synthetic");
        ds.setBytes(0x00091002, VR.OB, new byte[] {1, 2, 3, 4});
        return ds;
    }

    /**
     * Varies {@code ds} (from {@link #image}) the ways real senders differ, by {@code k} (cycling): the
     * character set (default repertoire, ISO_IR 100, ISO_IR 192 with names in those repertoires), signed or
     * unsigned pixels, a patient name with one or several components. Call it for each new study (or
     * instance) of a warm-up, so that the compiled code is not specialised to one variant and thrown away
     * when the first real study differs.
     */
    public static Attributes vary(Attributes ds, int k) {
        switch (Math.floorMod(k, 3)) {
            case 0 -> {
                ds.remove(Tag.SpecificCharacterSet);
                ds.setString(Tag.PatientName, VR.PN, "WARMUP^SYNTHETIC^A");
                ds.setString(Tag.StudyDescription, VR.LO, "Radflow start-up warm-up (synthetic, never stored)");
            }
            case 1 -> {
                ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
                ds.setString(Tag.PatientName, VR.PN, "Wärmlauf^Synthetisch");
                ds.setString(Tag.StudyDescription, VR.LO, "Aufwärmen (synthetisch, nie gespeichert)");
            }
            default -> {
                ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
                ds.setString(Tag.PatientName, VR.PN, "Προθέρμανση^Συνθετικό=ウォーム^アップ");
                ds.setString(Tag.StudyDescription, VR.LO, "Radflow warm-up (synthetic) — never stored");
            }
        }
        ds.setInt(Tag.PixelRepresentation, VR.US, Math.floorMod(k, 2));
        ds.setInt(Tag.BitsStored, VR.US, k % 2 == 0 ? 12 : 16);
        ds.setInt(Tag.HighBit, VR.US, k % 2 == 0 ? 11 : 15);
        return ds;
    }
}
