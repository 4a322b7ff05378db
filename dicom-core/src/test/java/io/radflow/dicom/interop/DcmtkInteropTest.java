package io.radflow.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.io.Transcoder;
import io.radflow.dicom.testing.Peers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files Radflow writes (a synthetic CT with Korean names and nested sequences in every writable
 * transfer syntax, and pydicom test files transcoded by Radflow) are read by dcmtk's {@code
 * dcmdump} without warnings or errors (beyond those the source file already causes), with the
 * text Radflow wrote, and by pydicom without warnings.
 */
class DcmtkInteropTest {
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    static final String KOREAN = "Hong^Gildong=洪^吉洞=홍^길동";

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> filesRadflowWritesAreReadByDcmdumpAndPydicomWithoutWarnings() throws Exception {
        Path dcmdump = Peers.require("dcmdump", "dcmtk");
        String python = Peers.requirePydicom();
        List<Path> files = new ArrayList<>();
        java.util.Map<Path, Path> sources = new java.util.HashMap<>();
        for (String ts :
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.DeflatedExplicitVRLittleEndian)) {
            Path f = tmp.resolve("synthetic-" + ts + ".dcm");
            try (OutputStream out = Files.newOutputStream(f);
                    DicomOutputStream dos = new DicomOutputStream(out, ts)) {
                Attributes ds = synthetic();
                dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
            }
            files.add(f);
        }
        for (String[] t : new String[][] {
            {"test_files/CT_small.dcm", UID.ImplicitVRLittleEndian},
            {"test_files/MR_small_bigendian.dcm", UID.ExplicitVRLittleEndian},
            {"test_files/rtplan.dcm", UID.DeflatedExplicitVRLittleEndian},
            {"test_files/JPEG2000.dcm", UID.JPEG2000},
            {"charset_files/chrKoreanMulti.dcm", UID.ExplicitVRLittleEndian},
            {"charset_files/chrX1.dcm", UID.DeflatedExplicitVRLittleEndian},
            {"charset_files/chrRuss.dcm", UID.ImplicitVRLittleEndian}
        }) {
            Path f = tmp.resolve(Path.of(t[0]).getFileName() + "-" + t[1] + ".dcm");
            Transcoder.transcode(DATA.resolve(t[0]), f, t[1]);
            sources.put(f, DATA.resolve(t[0]));
            files.add(f);
        }
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    Run dump = run(List.of(dcmdump.toString(), "-dc", "+U8", f.toString()));
                    assertThat(dump.exit()).as(dump.err()).isZero();
                    // no warnings, except those dcmdump also gives for the source file (chrKoreanMulti
                    // has escape sequences in its first PN group, which Radflow keeps byte for byte)
                    String expectedWarnings = sources.containsKey(f)
                            ? run(List.of(
                                            dcmdump.toString(),
                                            "-dc",
                                            "+U8",
                                            sources.get(f).toString()))
                                    .err()
                            : "";
                    assertThat(dump.err()).as("dcmdump warnings/errors").isEqualTo(expectedWarnings);
                    assertThat(dump.out()).contains("(0002,0013) SH [RADFLOW_010");
                    assertThat(dump.out())
                            .contains("(0002,0012) UI [" + io.radflow.dicom.Implementation.getClassUID() + "]");
                    if (f.getFileName().toString().startsWith("synthetic")) {
                        assertThat(dump.out()).contains("(0010,0010) PN [" + KOREAN + "]");
                        assertThat(dump.out()).contains("(0008,1030) LO [흉부 CT 조영증강]");
                        assertThat(dump.out()).contains("(0020,000e) UI [1.2.3.0");
                    }
                    Run py = run(List.of(
                            python,
                            "-W",
                            "error",
                            "-c",
                            "import sys,pydicom; ds=pydicom.dcmread(sys.argv[1]); [str(e.value) for e in ds.iterall()];"
                                    + " print(ds.get('PatientName',''))",
                            f.toString()));
                    assertThat(py.exit()).as(py.err()).isZero();
                    if (f.getFileName().toString().startsWith("synthetic")) {
                        assertThat(py.out().strip()).isEqualTo(KOREAN);
                    }
                }));
    }

    record Run(int exit, String out, String err) {}

    static Run run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        int exit = p.waitFor();
        return new Run(
                exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static Attributes synthetic() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 149");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, UID.createUID());
        ds.setString(Tag.StudyInstanceUID, VR.UI, UID.createUID());
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, KOREAN);
        ds.setString(Tag.PatientID, VR.LO, "RF-0001");
        ds.setString(Tag.StudyDescription, VR.LO, "흉부 CT 조영증강");
        ds.setDouble(Tag.PatientWeight, VR.DS, 71.5);
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setDouble(Tag.RescaleIntercept, VR.DS, -1024);
        ds.setDouble(Tag.RescaleSlope, VR.DS, 1);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.703125, 0.703125);
        ds.setDouble(Tag.SliceThickness, VR.DS, 1.25);
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, -180.0, -180.0, 42.5);
        Sequence s = ds.newSequence(Tag.ReferencedSeriesSequence, 2);
        for (int i = 0; i < 2; i++) {
            Attributes item = new Attributes();
            item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3." + i);
            item.newSequence(Tag.ReferencedInstanceSequence, 1)
                    .add(new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4." + i));
            s.add(item);
        }
        short[] px = new short[16];
        byte[] b = new byte[32];
        for (int i = 0; i < px.length; i++) {
            int v = i * 100 - 200;
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, b);
        return ds;
    }
}
