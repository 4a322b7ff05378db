package io.radflow.teststudies.iod;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.teststudies.ct.CtGeometry;
import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.ct.CtStudy;

/**
 * Builds CT Image Storage data sets (PS3.3 A.3): Patient, General Study, Patient Study, General
 * Series, Frame of Reference, General Equipment, General Acquisition, General Image, Image Plane,
 * Image Pixel, CT Image, VOI LUT and SOP Common modules.
 */
public final class CtImageIod {
    private CtImageIod() {}

    /** The data set of slice {@code index} of {@code series}, with {@code stored} as pixel data. */
    public static Attributes slice(StudyInfo study, Patient patient, CtSeries series, int index, short[] stored) {
        CtGeometry g = series.geometry();
        boolean chest = series.kind().equals(CtStudy.CHEST);
        Attributes a = new Attributes(96);
        patient.writeTo(a, study.studyDate());
        a.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        a.setString(Tag.SOPInstanceUID, VR.UI, study.sopInstanceUid(series.seriesNumber(), index));
        a.setString(Tag.InstanceCreationDate, VR.DA, study.studyDate());
        a.setString(Tag.InstanceCreationTime, VR.TM, study.studyTime());
        study.writeTo(a);
        // General Series
        a.setString(Tag.Modality, VR.CS, "CT");
        a.setString(Tag.SeriesInstanceUID, VR.UI, study.seriesUid(series.seriesNumber()));
        a.setInt(Tag.SeriesNumber, VR.IS, series.seriesNumber());
        a.setString(Tag.SeriesDescription, VR.LO, series.description());
        a.setString(Tag.SeriesDate, VR.DA, study.studyDate());
        a.setString(Tag.SeriesTime, VR.TM, study.studyTime());
        a.setString(Tag.BodyPartExamined, VR.CS, chest ? "CHEST" : "ABDOMEN");
        a.setString(Tag.PatientPosition, VR.CS, chest ? "HFS" : "FFS");
        // Frame of Reference
        a.setString(Tag.FrameOfReferenceUID, VR.UI, study.frameOfReferenceUid());
        a.setNull(Tag.PositionReferenceIndicator, VR.LO);
        // General Acquisition / General Image
        a.setInt(Tag.AcquisitionNumber, VR.IS, 1);
        a.setString(Tag.AcquisitionDate, VR.DA, study.studyDate());
        a.setString(Tag.AcquisitionTime, VR.TM, study.studyTime());
        a.setString(Tag.ContentDate, VR.DA, study.studyDate());
        a.setString(Tag.ContentTime, VR.TM, study.studyTime());
        a.setInt(Tag.InstanceNumber, VR.IS, index + 1);
        a.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        a.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        // Image Plane
        double z = g.z()[index];
        a.setDouble(Tag.PixelSpacing, VR.DS, g.pixelSpacing(), g.pixelSpacing());
        a.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        a.setDouble(Tag.ImagePositionPatient, VR.DS, g.x0(), g.y0(), z);
        a.setDouble(Tag.SliceThickness, VR.DS, g.sliceSpacing());
        a.setDouble(Tag.SpacingBetweenSlices, VR.DS, g.sliceSpacing());
        a.setDouble(Tag.SliceLocation, VR.DS, z);
        // Image Pixel + CT Image
        a.setInt(Tag.SamplesPerPixel, VR.US, 1);
        a.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tag.Rows, VR.US, g.rows());
        a.setInt(Tag.Columns, VR.US, g.columns());
        a.setInt(Tag.BitsAllocated, VR.US, 16);
        a.setInt(Tag.BitsStored, VR.US, 16);
        a.setInt(Tag.HighBit, VR.US, 15);
        a.setInt(Tag.PixelRepresentation, VR.US, 1);
        a.setInt(Tag.RescaleIntercept, VR.DS, CtSeries.RESCALE_INTERCEPT);
        a.setInt(Tag.RescaleSlope, VR.DS, 1);
        a.setString(Tag.RescaleType, VR.LO, "HU");
        a.setInt(Tag.KVP, VR.DS, 120);
        a.setDouble(Tag.DataCollectionDiameter, VR.DS, 500);
        a.setDouble(Tag.ReconstructionDiameter, VR.DS, g.pixelSpacing() * g.columns());
        a.setInt(Tag.GantryDetectorTilt, VR.DS, 0);
        a.setInt(Tag.TableHeight, VR.DS, 160);
        a.setString(Tag.RotationDirection, VR.CS, "CW");
        a.setInt(Tag.XRayTubeCurrent, VR.IS, 200);
        a.setInt(Tag.ExposureTime, VR.IS, 500);
        a.setString(Tag.ConvolutionKernel, VR.SH, chest ? "LUNG" : "STANDARD");
        // VOI LUT: window presets
        if (chest) {
            a.setDouble(Tag.WindowCenter, VR.DS, -600, 40);
            a.setDouble(Tag.WindowWidth, VR.DS, 1500, 400);
            a.setString(Tag.WindowCenterWidthExplanation, VR.LO, "LUNG", "MEDIASTINUM");
        } else {
            a.setDouble(Tag.WindowCenter, VR.DS, 40, 400);
            a.setDouble(Tag.WindowWidth, VR.DS, 400, 1800);
            a.setString(Tag.WindowCenterWidthExplanation, VR.LO, "SOFT TISSUE", "BONE");
        }
        a.setBytes(Tag.PixelData, VR.OW, PixelBytes.littleEndian(stored));
        return a;
    }
}
