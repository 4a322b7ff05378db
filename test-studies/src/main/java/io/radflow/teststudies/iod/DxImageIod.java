package io.radflow.teststudies.iod;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.teststudies.dx.ChestRadiograph;
import io.radflow.teststudies.dx.ViewPosition;

/**
 * Builds Digital X-Ray Image Storage – For Presentation data sets (PS3.3 A.26): Patient, General
 * Study, Patient Study, General Series, DX Series, General Equipment, General Acquisition, General
 * Image, Image Pixel, DX Anatomy Imaged, DX Image, DX Detector, DX Positioning, Acquisition
 * Context, VOI LUT and SOP Common modules.
 */
public final class DxImageIod {
    private DxImageIod() {}

    /** The data set of a chest radiograph (series {@code seriesNumber}, one image). */
    public static Attributes image(
            StudyInfo study, Patient patient, ChestRadiograph dx, int seriesNumber, short[] stored) {
        boolean ap = dx.view() == ViewPosition.AP;
        Attributes a = new Attributes(96);
        patient.writeTo(a, study.studyDate());
        a.setString(Tag.SOPClassUID, VR.UI, UID.DigitalXRayImageStorageForPresentation);
        a.setString(Tag.SOPInstanceUID, VR.UI, study.sopInstanceUid(seriesNumber, 0));
        a.setString(Tag.InstanceCreationDate, VR.DA, study.studyDate());
        a.setString(Tag.InstanceCreationTime, VR.TM, study.studyTime());
        study.writeTo(a);
        // General Series + DX Series
        a.setString(Tag.Modality, VR.CS, "DX");
        a.setString(Tag.SeriesInstanceUID, VR.UI, study.seriesUid(seriesNumber));
        a.setInt(Tag.SeriesNumber, VR.IS, seriesNumber);
        a.setString(Tag.SeriesDescription, VR.LO, "Chest " + dx.view());
        a.setString(Tag.SeriesDate, VR.DA, study.studyDate());
        a.setString(Tag.SeriesTime, VR.TM, study.studyTime());
        a.setString(Tag.BodyPartExamined, VR.CS, "CHEST");
        if (ap) {
            a.setString(Tag.PatientPosition, VR.CS, "HFS");
        }
        a.setString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION");
        // General Acquisition / General Image
        a.setInt(Tag.AcquisitionNumber, VR.IS, 1);
        a.setString(Tag.AcquisitionDate, VR.DA, study.studyDate());
        a.setString(Tag.AcquisitionTime, VR.TM, study.studyTime());
        a.setString(Tag.ContentDate, VR.DA, study.studyDate());
        a.setString(Tag.ContentTime, VR.TM, study.studyTime());
        a.setInt(Tag.InstanceNumber, VR.IS, 1);
        a.setString(Tag.PatientOrientation, VR.CS, "L", "F");
        a.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        a.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        a.setString(Tag.LossyImageCompression, VR.CS, "00");
        // DX Anatomy Imaged
        a.setString(Tag.ImageLaterality, VR.CS, "U");
        Attributes chest = new Attributes(3);
        chest.setString(Tag.CodeValue, VR.SH, "43799004");
        chest.setString(Tag.CodingSchemeDesignator, VR.SH, "SCT");
        chest.setString(Tag.CodeMeaning, VR.LO, "Chest");
        Sequence region = a.newSequence(Tag.AnatomicRegionSequence, 1);
        region.add(chest);
        // Image Pixel + DX Image
        a.setInt(Tag.SamplesPerPixel, VR.US, 1);
        a.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tag.Rows, VR.US, ChestRadiograph.SIZE);
        a.setInt(Tag.Columns, VR.US, ChestRadiograph.SIZE);
        a.setInt(Tag.BitsAllocated, VR.US, 16);
        a.setInt(Tag.BitsStored, VR.US, 12);
        a.setInt(Tag.HighBit, VR.US, 11);
        a.setInt(Tag.PixelRepresentation, VR.US, 0);
        a.setString(Tag.PixelIntensityRelationship, VR.CS, "LOG");
        a.setInt(Tag.PixelIntensityRelationshipSign, VR.SS, -1);
        a.setInt(Tag.RescaleIntercept, VR.DS, 0);
        a.setInt(Tag.RescaleSlope, VR.DS, 1);
        a.setString(Tag.RescaleType, VR.LO, "US");
        a.setString(Tag.PresentationLUTShape, VR.CS, "IDENTITY");
        // DX Detector
        a.setString(Tag.DetectorType, VR.CS, "SCINTILLATOR");
        a.setString(Tag.DetectorConfiguration, VR.CS, "AREA");
        a.setDouble(Tag.ImagerPixelSpacing, VR.DS, ChestRadiograph.PIXEL_MM, ChestRadiograph.PIXEL_MM);
        // DX Positioning
        a.setString(Tag.ViewPosition, VR.CS, dx.view().name());
        Attributes view = new Attributes(3);
        view.setString(Tag.CodeValue, VR.SH, ap ? "399182004" : "399348003");
        view.setString(Tag.CodingSchemeDesignator, VR.SH, "SCT");
        view.setString(Tag.CodeMeaning, VR.LO, ap ? "antero-posterior" : "postero-anterior");
        a.newSequence(Tag.ViewCodeSequence, 1).add(view);
        a.setString(Tag.PositionerType, VR.CS, ap ? "NONE" : "COLUMN");
        a.setDouble(Tag.DistanceSourceToDetector, VR.DS, ap ? 1000 : 1800);
        a.setInt(Tag.KVP, VR.DS, ap ? 90 : 120);
        // Acquisition Context
        a.newSequence(Tag.AcquisitionContextSequence, 0);
        // VOI LUT
        a.setDouble(Tag.WindowCenter, VR.DS, 1700);
        a.setDouble(Tag.WindowWidth, VR.DS, 3200);
        a.setString(Tag.WindowCenterWidthExplanation, VR.LO, "DEFAULT");
        a.setBytes(Tag.PixelData, VR.OW, PixelBytes.littleEndian(stored));
        return a;
    }
}
