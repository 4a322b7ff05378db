package io.radflow.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.deid.ConfidentialityProfile.Action;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Basic Profile with Retain Patient Characteristics, on a CT slice full of identity. */
class DeidentifierTest {
    static final String STUDY = "1.2.826.0.1.3680043.10.1455.77";
    static final String SERIES = STUDY + ".2";
    static final String FOR = STUDY + ".3";
    static final String LOCALIZER = STUDY + ".9.1";
    static final String SOURCE = STUDY + ".9.2";
    static final byte[] KEY = "export key of test one, 32 bytes".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "another export key, 32 bytes lng".getBytes(StandardCharsets.US_ASCII);

    /** Identifying strings of {@link #slice}: none may remain in the de-identified bytes. */
    static final List<String> IDENTITY = List.of(
            "Müller^Jürgen",
            "Müller",
            "PID-4711-SECRET",
            "19620314",
            "ACC-98765",
            "STUDY-ID-555",
            "St. Example Hospital",
            "Radiology Dept East",
            "Welby^Marcus",
            "Kildare^James",
            "Casey^Ben",
            "SCANNER-ROOM-7",
            "SN-123-456",
            "20240512",
            "101530",
            "Main Street 1",
            "OTHER-ID-1",
            "ISSUER-HOSP",
            "Private value",
            "PRIVATE CREATOR X",
            "UNKNOWN-ELEMENT",
            "CT abdomen for Jürgen",
            "venous phase, patient Müller",
            "REQ-PROC-77",
            "Penicillin",
            "Martian",
            STUDY,
            SERIES,
            FOR,
            LOCALIZER,
            SOURCE);

    /** A CT slice with identity everywhere: top level, sequences, private and overlay groups. */
    static Attributes slice(int index) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.InstanceCreationDate, VR.DA, "20240512");
        ds.setString(Tag.InstanceCreationTime, VR.TM, "101530");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, SERIES + "." + (index + 1));
        ds.setString(Tag.StudyDate, VR.DA, "20240512");
        ds.setString(Tag.SeriesDate, VR.DA, "20240512");
        ds.setString(Tag.AcquisitionDate, VR.DA, "20240512");
        ds.setString(Tag.ContentDate, VR.DA, "20240512");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240512101530");
        ds.setString(Tag.StudyTime, VR.TM, "101530");
        ds.setString(Tag.SeriesTime, VR.TM, "101530");
        ds.setString(Tag.AcquisitionTime, VR.TM, "101530");
        ds.setString(Tag.ContentTime, VR.TM, "101530");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-98765");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Radflow");
        ds.setString(Tag.InstitutionName, VR.LO, "St. Example Hospital");
        ds.setString(Tag.InstitutionAddress, VR.ST, "Main Street 1, Springfield");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "Welby^Marcus");
        ds.setString(Tag.StationName, VR.SH, "SCANNER-ROOM-7");
        ds.setString(Tag.StudyDescription, VR.LO, "CT abdomen for Jürgen");
        ds.setString(Tag.SeriesDescription, VR.LO, "venous phase, patient Müller");
        ds.setString(Tag.InstitutionalDepartmentName, VR.LO, "Radiology Dept East");
        ds.setString(Tag.PhysiciansOfRecord, VR.PN, "Kildare^James");
        ds.setString(Tag.PerformingPhysicianName, VR.PN, "Casey^Ben");
        ds.setString(Tag.OperatorsName, VR.PN, "Casey^Ben");
        Attributes ref = new Attributes();
        ref.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, LOCALIZER);
        ds.newSequence(Tag.ReferencedImageSequence, 1).add(ref);
        Attributes src = new Attributes();
        src.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        src.setString(Tag.ReferencedSOPInstanceUID, VR.UI, SOURCE);
        ds.newSequence(Tag.SourceImageSequence, 1).add(src);
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, "PID-4711-SECRET");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "ISSUER-HOSP");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19620314");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        Attributes other = new Attributes();
        other.setString(Tag.PatientID, VR.LO, "OTHER-ID-1");
        other.setString(Tag.IssuerOfPatientID, VR.LO, "ISSUER-HOSP");
        ds.newSequence(Tag.OtherPatientIDsSequence, 1).add(other);
        ds.setString(Tag.PatientAge, VR.AS, "062Y");
        ds.setDouble(Tag.PatientSize, VR.DS, 1.78);
        ds.setDouble(Tag.PatientWeight, VR.DS, 81.5);
        ds.setString(Tag.PatientAddress, VR.LO, "Main Street 1");
        ds.setString(Tag.EthnicGroup, VR.SH, "Martian");
        ds.setString(Tag.Allergies, VR.LO, "Penicillin");
        ds.setString(Tag.PatientComments, VR.LT, "patient Müller, call 555-0100");
        ds.setString(Tag.DeviceSerialNumber, VR.LO, "SN-123-456");
        ds.setString(Tag.ProtocolName, VR.LO, "ABD ROUTINE");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        ds.setString(Tag.StudyID, VR.SH, "STUDY-ID-555");
        ds.setInt(Tag.SeriesNumber, VR.IS, 2);
        ds.setInt(Tag.InstanceNumber, VR.IS, index + 1);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, FOR);
        Attributes request = new Attributes();
        request.setString(Tag.RequestedProcedureID, VR.SH, "REQ-PROC-77");
        request.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.newSequence(Tag.RequestAttributesSequence, 1).add(request);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 16);
        ds.setInt(Tag.HighBit, VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        ds.setInt(0x60000010, VR.US, 4); // overlay rows
        ds.setString(0x60004000, VR.LT, "patient Müller"); // overlay comments
        ds.setBytes(0x00209FF0, VR.UN, "UNKNOWN-ELEMENT".getBytes(StandardCharsets.US_ASCII));
        ds.setString(0x00090010, VR.LO, "PRIVATE CREATOR X");
        ds.setString(0x00091001, VR.LO, "Private value");
        byte[] pixels = new byte[32];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + index);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static byte[] part10(Attributes ds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DicomOutputStream dos = new DicomOutputStream(out, UID.ExplicitVRLittleEndian)) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        }
        return out.toByteArray();
    }

    static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theTableIsPs315TableE11WithTheOptionsColumnApplied() {
        ConfidentialityProfile p = ConfidentialityProfile.load(Map.of());
        assertThat(p.rows()).isGreaterThan(600);
        assertThat(p.action(Tag.PatientName)).isEqualTo(Action.Z);
        assertThat(p.action(Tag.PatientBirthDate)).isEqualTo(Action.Z);
        assertThat(p.action(Tag.StudyInstanceUID)).isEqualTo(Action.U);
        assertThat(p.action(Tag.ReferencedSOPInstanceUID)).isEqualTo(Action.U);
        assertThat(p.action(Tag.SourceImageSequence)).isEqualTo(Action.X_Z_U);
        assertThat(p.action(Tag.ContentDate)).isEqualTo(Action.Z_D);
        assertThat(p.action(Tag.SeriesDescription)).isEqualTo(Action.X);
        assertThat(p.action(Tag.PatientWeight)).isEqualTo(Action.K);
        assertThat(p.action(Tag.PatientSize)).isEqualTo(Action.K);
        assertThat(p.action(Tag.PatientSex)).isEqualTo(Action.K);
        assertThat(p.action(Tag.PatientAge)).isEqualTo(Action.K);
        assertThat(p.action(Tag.EthnicGroup)).isEqualTo(Action.K);
        assertThat(p.action(Tag.Allergies)).isEqualTo(Action.X);
        assertThat(p.action(0x50020010)).isEqualTo(Action.X); // curve data (50xx,xxxx)
        assertThat(p.action(0x60023000)).isEqualTo(Action.X); // overlay data (60xx,3000)
        assertThat(p.action(Tag.Rows)).isNull();
        assertThat(p.action(Tag.SOPClassUID)).isNull();
        assertThat(ConfidentialityProfile.load(Map.of(Tag.EthnicGroup, Action.X))
                        .action(Tag.EthnicGroup))
                .isEqualTo(Action.X);
    }

    @Test
    void identityIsGoneFromTheEncodedFile() throws IOException {
        Attributes source = slice(0);
        Attributes deid = new Deidentifier(KEY).deidentify(source, "SUBJECT-0001");
        byte[] bytes = part10(deid);
        for (String s : IDENTITY) {
            assertThat(containsBytes(bytes, s.getBytes(StandardCharsets.UTF_8)))
                    .as("'%s' in the de-identified file", s)
                    .isFalse();
        }
        // the source is untouched and contains every one of them
        byte[] original = part10(source);
        for (String s : IDENTITY) {
            assertThat(containsBytes(original, s.getBytes(StandardCharsets.UTF_8)))
                    .as("'%s' in the original", s)
                    .isTrue();
        }
    }

    @Test
    void profileActionsAndRetainedCharacteristics() throws IOException {
        Attributes ds = read(part10(new Deidentifier(KEY).deidentify(slice(0), "SUBJECT-0001")));
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("SUBJECT-0001");
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("SUBJECT-0001");
        assertThat(ds.getString(Tag.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(ds.getStrings(Tag.DeidentificationMethod)).containsExactlyElementsOf(Deidentifier.METHOD);
        Sequence codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence);
        assertThat(codes).hasSize(2);
        assertThat(codes.get(0).getString(Tag.CodeValue)).isEqualTo("113100");
        assertThat(codes.get(0).getString(Tag.CodingSchemeDesignator)).isEqualTo("DCM");
        assertThat(codes.get(0).getString(Tag.CodeMeaning)).isEqualTo("Basic Application Confidentiality Profile");
        assertThat(codes.get(1).getString(Tag.CodeValue)).isEqualTo("113108");
        assertThat(codes.get(1).getString(Tag.CodeMeaning)).isEqualTo("Retain Patient Characteristics Option");
        assertThat(ds.getString(Tag.LongitudinalTemporalInformationModified)).isEqualTo("REMOVED");
        // retained patient characteristics
        assertThat(ds.getString(Tag.PatientSex)).isEqualTo("M");
        assertThat(ds.getString(Tag.PatientAge)).isEqualTo("062Y");
        assertThat(ds.getDouble(Tag.PatientSize, 0)).isEqualTo(1.78);
        assertThat(ds.getDouble(Tag.PatientWeight, 0)).isEqualTo(81.5);
        // Z: present, empty (Type 2)
        for (int tag : new int[] {
            Tag.PatientBirthDate,
            Tag.StudyDate,
            Tag.StudyTime,
            Tag.AccessionNumber,
            Tag.StudyID,
            Tag.ReferringPhysicianName
        }) {
            assertThat(ds.contains(tag)).as(Tag.toString(tag)).isTrue();
            assertThat(ds.containsValue(tag)).as(Tag.toString(tag)).isFalse();
        }
        // X: removed
        for (int tag : new int[] {
            Tag.IssuerOfPatientID,
            Tag.OtherPatientIDsSequence,
            Tag.PatientAddress,
            Tag.EthnicGroup,
            Tag.Allergies,
            Tag.PatientComments,
            Tag.StudyDescription,
            Tag.SeriesDescription,
            Tag.InstitutionAddress,
            Tag.InstitutionalDepartmentName,
            Tag.PhysiciansOfRecord,
            Tag.PerformingPhysicianName,
            Tag.RequestAttributesSequence,
            0x60000010,
            0x60004000,
            0x00090010,
            0x00091001
        }) {
            assertThat(ds.contains(tag)).as(Tag.toString(tag)).isFalse();
        }
        // conditional codes: present ones keep their presence with dummy or empty values
        assertThat(ds.getString(Tag.SeriesDate)).isEqualTo("19000101"); // X/D
        assertThat(ds.getString(Tag.ContentDate)).isEqualTo("19000101"); // Z/D
        assertThat(ds.getString(Tag.InstanceCreationTime)).isEqualTo("000000"); // X/Z/D
        assertThat(ds.getString(Tag.InstitutionName)).isEqualTo("REMOVED"); // X/Z/D
        assertThat(ds.getString(Tag.ProtocolName)).isEqualTo("REMOVED"); // X/D
        assertThat(ds.contains(Tag.AcquisitionDate)).isTrue(); // X/Z
        assertThat(ds.containsValue(Tag.AcquisitionDate)).isFalse();
        // kept: what the table does not list
        assertThat(ds.getString(Tag.Manufacturer)).isEqualTo("Radflow");
        assertThat(ds.getInt(Tag.Rows, 0)).isEqualTo(4);
        assertThat(ds.getString(Tag.BurnedInAnnotation)).isEqualTo("NO");
    }

    @Test
    void uidsAreConsistentAcrossASeriesAndDifferUnderAnotherKey() {
        Deidentifier d = new Deidentifier(KEY);
        Attributes a = d.deidentify(slice(0), "SUBJECT-0001");
        Attributes b = d.deidentify(slice(1), "SUBJECT-0001");
        Attributes c = new Deidentifier(OTHER_KEY).deidentify(slice(0), "SUBJECT-0001");
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.FrameOfReferenceUID}) {
            String uid = a.getString(tag);
            assertThat(uid).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(44);
            assertThat(UID.isValid(uid)).isTrue();
            assertThat(b.getString(tag)).as(Tag.toString(tag)).isEqualTo(uid);
            assertThat(c.getString(tag)).as(Tag.toString(tag)).isNotEqualTo(uid);
        }
        assertThat(a.getString(Tag.StudyInstanceUID)).isEqualTo(d.pseudonymizeUid(STUDY));
        assertThat(a.getString(Tag.SOPInstanceUID))
                .isEqualTo(d.pseudonymizeUid(SERIES + ".1"))
                .isNotEqualTo(b.getString(Tag.SOPInstanceUID))
                .isNotEqualTo(c.getString(Tag.SOPInstanceUID));
        assertThat(a.getString(Tag.SOPClassUID)).isEqualTo(UID.CTImageStorage);
        assertThat(new Deidentifier(KEY.clone()).pseudonymizeUid(STUDY)).isEqualTo(d.pseudonymizeUid(STUDY));
        assertThat(d.pseudonymizeUid(UID.CTImageStorage)).isEqualTo(UID.CTImageStorage);
    }

    @Test
    void referencesInSequencesAreReplacedAndTheirClassesKept() {
        Deidentifier d = new Deidentifier(KEY);
        Attributes ds = d.deidentify(slice(0), "SUBJECT-0001");
        Attributes ref = ds.getNestedDataset(Tag.ReferencedImageSequence);
        assertThat(ref.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(d.pseudonymizeUid(LOCALIZER));
        assertThat(ref.getString(Tag.ReferencedSOPClassUID)).isEqualTo(UID.CTImageStorage);
        Attributes src = ds.getNestedDataset(Tag.SourceImageSequence);
        assertThat(src.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(d.pseudonymizeUid(SOURCE));
        assertThat(src.getString(Tag.ReferencedSOPClassUID)).isEqualTo(UID.CTImageStorage);
        // a UID the table does not list, nested two levels deep, is replaced too
        Attributes s = slice(0);
        Attributes inner = new Attributes();
        inner.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        inner.setString(Tag.ReferencedFrameOfReferenceUID, VR.UI, FOR);
        Attributes outer = new Attributes();
        outer.newSequence(Tag.ReferencedSeriesSequence, 1).add(inner);
        s.newSequence(Tag.ReferencedInstanceSequence, 1).add(outer);
        Attributes r = d.deidentify(s, "SUBJECT-0001");
        Attributes in2 =
                r.getNestedDataset(Tag.ReferencedInstanceSequence).getNestedDataset(Tag.ReferencedSeriesSequence);
        assertThat(in2.getString(Tag.SeriesInstanceUID)).isEqualTo(r.getString(Tag.SeriesInstanceUID));
        assertThat(in2.getString(Tag.ReferencedFrameOfReferenceUID)).isEqualTo(r.getString(Tag.FrameOfReferenceUID));
    }

    @Test
    void resultIsAReadablePart10FileWithThePixelsUntouched() throws IOException {
        Attributes source = slice(3);
        Attributes deid = new Deidentifier(KEY).deidentify(source, "SUBJECT-0001");
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10(deid)))) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            assertThat(fmi.getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo(deid.getString(Tag.SOPInstanceUID));
            assertThat(fmi.getString(Tag.MediaStorageSOPClassUID)).isEqualTo(UID.CTImageStorage);
            assertThat(in.getTransferSyntax()).isEqualTo(UID.ExplicitVRLittleEndian);
            assertThat(ds.getBytes(Tag.PixelData)).isEqualTo(source.getBytes(Tag.PixelData));
        }
    }

    @Test
    void burnedInAnnotationIsRefused() {
        Attributes s = slice(0);
        s.setString(Tag.BurnedInAnnotation, VR.CS, "YES");
        assertThatThrownBy(() -> new Deidentifier(KEY).deidentify(s, "SUBJECT-0001"))
                .isInstanceOf(DeidentificationException.class)
                .hasMessageContaining("Burned In Annotation");
    }

    @Test
    void badSubjectsAndKeysAreRejected() {
        Deidentifier d = new Deidentifier(KEY);
        for (String bad : new String[] {null, "", "A\\B", "Doe^John", "x".repeat(65)}) {
            assertThatThrownBy(() -> d.deidentify(slice(0), bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Deidentifier(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Deidentifier.newKey()).hasSize(32).isNotEqualTo(Deidentifier.newKey());
    }

    @Test
    void pydicomReadsTheDeidentifiedFile(@TempDir Path dir) throws Exception {
        String python = Peers.requirePydicom();
        Deidentifier d = new Deidentifier(KEY);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path f = dir.resolve("im" + i + ".dcm");
            Files.write(f, part10(d.deidentify(slice(i), "SUBJECT-0001")));
            files.add(f);
        }
        String script =
                """
                import json, sys
                import pydicom
                out = []
                for path in sys.argv[1:]:
                    ds = pydicom.dcmread(path)
                    out.append({
                        "patientName": str(ds.PatientName),
                        "patientID": ds.PatientID,
                        "birthDate": ds.PatientBirthDate,
                        "study": ds.StudyInstanceUID,
                        "series": ds.SeriesInstanceUID,
                        "sop": ds.SOPInstanceUID,
                        "mediaSop": ds.file_meta.MediaStorageSOPInstanceUID,
                        "sopClass": ds.SOPClassUID,
                        "identityRemoved": ds.PatientIdentityRemoved,
                        "methodCodes": [c.CodeValue for c in ds.DeidentificationMethodCodeSequence],
                        "weight": float(ds.PatientWeight),
                        "reference": ds.ReferencedImageSequence[0].ReferencedSOPInstanceUID,
                        "private": any(e.tag.is_private for e in ds.iterall()),
                        "pixelSum": int(ds.pixel_array.astype("int64").sum()),
                        "shape": list(ds.pixel_array.shape),
                    })
                print(json.dumps(out))
                """;
        List<String> cmd = new ArrayList<>(List.of(python, "-c", script));
        files.forEach(f -> cmd.add(f.toString()));
        Peers.Result r = Peers.run(cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.output());
        assertThat(out).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode j = out.get(i);
            Attributes source = slice(i);
            assertThat(j.get("patientName").asText()).isEqualTo("SUBJECT-0001");
            assertThat(j.get("patientID").asText()).isEqualTo("SUBJECT-0001");
            assertThat(j.get("birthDate").asText()).isEmpty();
            assertThat(j.get("study").asText()).isEqualTo(d.pseudonymizeUid(STUDY));
            assertThat(j.get("series").asText()).isEqualTo(d.pseudonymizeUid(SERIES));
            assertThat(j.get("sop").asText())
                    .isEqualTo(d.pseudonymizeUid(source.getString(Tag.SOPInstanceUID)))
                    .isEqualTo(j.get("mediaSop").asText());
            assertThat(j.get("sopClass").asText()).isEqualTo(UID.CTImageStorage);
            assertThat(j.get("identityRemoved").asText()).isEqualTo("YES");
            assertThat(j.get("methodCodes").toString()).isEqualTo("[\"113100\",\"113108\"]");
            assertThat(j.get("weight").asDouble()).isEqualTo(81.5);
            assertThat(j.get("reference").asText()).isEqualTo(d.pseudonymizeUid(LOCALIZER));
            assertThat(j.get("private").asBoolean()).isFalse();
            assertThat(j.get("shape").toString()).isEqualTo("[4,4]");
            long sum = 0;
            byte[] px = source.getBytes(Tag.PixelData);
            for (int k = 0; k < px.length; k += 2) {
                sum += (px[k] & 0xFF) | (px[k + 1] & 0xFF) << 8;
            }
            assertThat(j.get("pixelSum").asLong()).isEqualTo(sum);
        }
    }

    private static Attributes read(byte[] part10) throws IOException {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            return in.readDataset();
        }
    }
}
