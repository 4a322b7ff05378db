package io.radflow.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Read → write → read keeps every element value, in every transfer syntax Radflow writes. */
class RoundTripTest {
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    static final Set<String> UNREADABLE = Set.of(
            "MR_truncated.dcm",
            "rtplan_truncated.dcm",
            "no_meta.dcm",
            "DICOMDIR-nooffset",
            "README.txt",
            "README",
            "FileInfo.txt",
            "rtplan.dump",
            "rtstruct.dump",
            "test1.json",
            "test_PN.json",
            "zipMR.gz");
    static final List<String> NATIVE_SYNTAXES =
            List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.DeflatedExplicitVRLittleEndian);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> pydicomFilesRoundTripInEveryWritableSyntax() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("test_files", "charset_files")) {
            if (Files.isDirectory(DATA.resolve(dir))) {
                try (Stream<Path> s = Files.walk(DATA.resolve(dir))) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> !UNREADABLE.contains(p.getFileName().toString()))
                            .sorted()
                            .forEach(files::add);
                }
            }
        }
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(DATA.relativize(f).toString(), () -> roundTrip(f)));
    }

    private void roundTrip(Path file) throws Exception {
        Attributes ds;
        String ts;
        try (DicomInputStream dis = new DicomInputStream(file)) {
            ds = dis.readDataset();
            ts = dis.getTransferSyntax();
        }
        // retired group lengths are recomputed for the encoding written (undefined length items)
        removeGroupLengths(ds);
        boolean encapsulated = TransferSyntax.of(ts).encapsulated() || ds.getValue(Tag.PixelData) instanceof Fragments;
        List<String> targets = encapsulated
                ? List.of(UID.ExplicitVRLittleEndian.equals(ts) ? UID.JPEGBaseline8Bit : ts)
                : NATIVE_SYNTAXES;
        for (String target : targets) {
            byte[] written = write(ds, target);
            Attributes back;
            try (DicomInputStream dis = new DicomInputStream(new ByteArrayInputStream(written))) {
                back = dis.readDataset();
                removeGroupLengths(back);
                assertThat(dis.getTransferSyntax()).isEqualTo(target);
                assertThat(dis.getFileMetaInformation().getString(Tag.ImplementationVersionName))
                        .isEqualTo("RADFLOW_010");
            }
            if (TransferSyntax.of(target).explicitVR()) {
                assertThat(back)
                        .as(file + " in " + UID.nameOf(target) + ": " + firstDifference(ds, back))
                        .isEqualTo(ds);
            } else {
                assertSameValues(ds, back, file + " in implicit VR");
            }
        }
    }

    static void removeGroupLengths(Attributes a) {
        for (int tag : a.tags()) {
            if ((tag & 0xFFFF) == 0) {
                a.remove(tag);
            } else if (a.getValue(tag) instanceof Sequence s) {
                s.forEach(RoundTripTest::removeGroupLengths);
            }
        }
    }

    static String firstDifference(Attributes a, Attributes b) {
        for (int tag : a.tags()) {
            if (!b.contains(tag)) {
                return Tag.toString(tag) + " missing";
            }
            Attributes x = new Attributes(a.bigEndian(), 1);
            Attributes y = new Attributes(b.bigEndian(), 1);
            if (a.getValue(tag) instanceof Sequence sa && b.getValue(tag) instanceof Sequence sb) {
                for (int i = 0; i < Math.min(sa.size(), sb.size()); i++) {
                    String d = firstDifference(sa.get(i), sb.get(i));
                    if (!d.isEmpty()) {
                        return Tag.toString(tag) + "[" + i + "]." + d;
                    }
                }
                continue;
            }
            x.setValue(tag, a.getVR(tag), a.getValue(tag));
            y.setValue(tag, b.getVR(tag), b.getValue(tag));
            if (!x.equals(y)) {
                return Tag.toString(tag) + " " + a.getVR(tag) + " " + java.util.Arrays.toString(a.getStrings(tag))
                        + " vs " + b.getVR(tag) + " " + java.util.Arrays.toString(b.getStrings(tag));
            }
        }
        return a.size() == b.size() ? "" : "extra elements " + java.util.Arrays.toString(b.tags());
    }

    static byte[] write(Attributes ds, String ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DicomOutputStream dos = new DicomOutputStream(out, ts)) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
        }
        return out.toByteArray();
    }

    /** Implicit VR loses VRs of private elements of unknown creators: compare tags and value bytes. */
    static void assertSameValues(Attributes a, Attributes b, String where) {
        assertThat(b.tags()).as(where + " tags").containsExactly(a.tags());
        for (int tag : a.tags()) {
            Object va = a.getValue(tag);
            Object vb = b.getValue(tag);
            if (va instanceof Sequence sa) {
                assertThat(vb).as(where + Tag.toString(tag)).isInstanceOf(Sequence.class);
                Sequence sb = (Sequence) vb;
                assertThat(sb).hasSameSizeAs(sa);
                for (int i = 0; i < sa.size(); i++) {
                    assertSameValues(sa.get(i), sb.get(i), where + " " + Tag.toString(tag) + "[" + i + "]");
                }
            } else if (a.getVR(tag) == b.getVR(tag) && a.getVR(tag) != VR.UN) {
                Attributes x = new Attributes(a.bigEndian(), 1);
                x.setValue(tag, a.getVR(tag), va instanceof BulkData ? a.getBytes(tag) : va);
                Attributes y = new Attributes(b.bigEndian(), 1);
                y.setValue(tag, b.getVR(tag), vb);
                assertThat(y).as(where + " " + Tag.toString(tag)).isEqualTo(x);
            } else {
                // private element of an unknown creator: VR UN after implicit VR, compare the bytes
                Attributes x = new Attributes(a.bigEndian(), 1).setBytes(tag, VR.UN, a.getBytes(tag));
                Attributes y = new Attributes(b.bigEndian(), 1).setBytes(tag, VR.UN, b.getBytes(tag));
                assertThat(y).as(where + " " + Tag.toString(tag)).isEqualTo(x);
            }
        }
    }

    @Test
    void pixelDataAsBulkDataIsCopiedUnreadAndWrittenIdentically() throws Exception {
        Path file = DATA.resolve("test_files/CT_small.dcm");
        Attributes inline;
        try (DicomInputStream dis = new DicomInputStream(file)) {
            inline = dis.readDataset();
        }
        Attributes bulk;
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            bulk = dis.readDataset();
        }
        assertThat(bulk.getValue(Tag.PixelData)).isInstanceOf(BulkData.class);
        BulkData bd = (BulkData) bulk.getValue(Tag.PixelData);
        assertThat(bd.length()).isEqualTo(128 * 128 * 2);
        assertThat(bd.toBytes()).isEqualTo(inline.getBytes(Tag.PixelData));
        assertThat(write(bulk, UID.ExplicitVRLittleEndian)).isEqualTo(write(inline, UID.ExplicitVRLittleEndian));
    }

    @Test
    void readsUntilPixelDataWithoutTouchingIt() throws Exception {
        try (DicomInputStream dis = new DicomInputStream(DATA.resolve("test_files/MR_small.dcm"))) {
            Attributes ds = dis.readDatasetUntilPixelData();
            assertThat(ds.contains(Tag.PixelData)).isFalse();
            assertThat(ds.getInt(Tag.Rows, 0)).isEqualTo(64);
        }
    }

    @Test
    void bigEndianIsReadAndTranscodedToLittleEndian() throws Exception {
        Path be = DATA.resolve("test_files/MR_small_bigendian.dcm");
        Path le = DATA.resolve("test_files/MR_small.dcm");
        Path out = tmp.resolve("le.dcm");
        Transcoder.transcode(be, out, UID.ExplicitVRLittleEndian);
        try (DicomInputStream a = new DicomInputStream(out);
                DicomInputStream b = new DicomInputStream(le)) {
            Attributes x = a.readDataset();
            Attributes y = b.readDataset();
            assertThat(x.bigEndian()).isFalse();
            assertThat(x.getBytes(Tag.PixelData)).isEqualTo(y.getBytes(Tag.PixelData));
            assertThat(x.getInt(Tag.Rows, 0)).isEqualTo(64);
        }
    }

    @Test
    void writesCommandsInImplicitVrWithGroupLength() throws Exception {
        Attributes cmd = new Attributes();
        cmd.setString(Tag.AffectedSOPClassUID, VR.UI, UID.Verification);
        cmd.setInt(Tag.CommandField, VR.US, 0x0030);
        cmd.setInt(Tag.MessageID, VR.US, 1);
        cmd.setInt(Tag.CommandDataSetType, VR.US, 0x0101);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomOutputStream(out, UID.ImplicitVRLittleEndian).writeCommand(cmd);
        byte[] b = out.toByteArray();
        // (0000,0000) UL 4 = length of the rest
        assertThat(b.length).isEqualTo(12 + 8 + 18 + 3 * 10);
        assertThat(b[8]).isEqualTo((byte) (b.length - 12));
        Attributes back = DicomInputStream.readCommand(new ByteArrayInputStream(b));
        assertThat(back.getInt(Tag.CommandGroupLength, 0)).isEqualTo(b.length - 12);
        assertThat(back.getString(Tag.AffectedSOPClassUID)).isEqualTo(UID.Verification);
        assertThat(back.getInt(Tag.CommandField, 0)).isEqualTo(0x30);
    }

    @Test
    void encapsulatedPixelDataWithBasicAndExtendedOffsetTablesRoundTrips() throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        ds.setInt(Tag.NumberOfFrames, VR.IS, 2);
        byte[] frame1 = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        byte[] frame2 = {(byte) 0xFF, (byte) 0xD8, 4, 5, 6, 7, (byte) 0xFF, (byte) 0xD9};
        ds.setLong(Tag.ExtendedOffsetTable, VR.OV, 0, 8 + 8);
        ds.setLong(Tag.ExtendedOffsetTableLengths, VR.OV, frame1.length, frame2.length);
        Fragments f = new Fragments(VR.OB, false, 3);
        f.add(new byte[] {0, 0, 0, 0, 16, 0, 0, 0}); // Basic Offset Table
        f.add(frame1);
        f.add(frame2);
        ds.setValue(Tag.PixelData, VR.OB, f);

        byte[] written = write(ds, UID.JPEGBaseline8Bit);
        Attributes back;
        try (DicomInputStream dis = new DicomInputStream(new ByteArrayInputStream(written))) {
            back = dis.readDataset();
        }
        Fragments g = (Fragments) back.getValue(Tag.PixelData);
        assertThat(g).hasSize(3);
        assertThat(g.bytes(0)).containsExactly(0, 0, 0, 0, 16, 0, 0, 0);
        assertThat(g.bytes(1)).startsWith(frame1); // odd fragment padded to even length
        assertThat(g.length(1)).isEqualTo(8);
        assertThat(g.bytes(2)).isEqualTo(frame2);
        assertThat(back.getLongs(Tag.ExtendedOffsetTable)).containsExactly(0, 16);
        assertThat(back.getLongs(Tag.ExtendedOffsetTableLengths)).containsExactly(7, 8);

        Path file = tmp.resolve("enc.dcm");
        Files.write(file, written);
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            Fragments h = (Fragments) dis.readDataset().getValue(Tag.PixelData);
            assertThat(h.get(2)).isInstanceOf(BulkData.class);
            assertThat(h.bytes(2)).isEqualTo(frame2);
        }
    }

    @Test
    void largeValuesModeLeavesLongBinaryValuesInTheFileAtEveryLevel() throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        Attributes item = new Attributes().setBytes(Tag.LUTData, VR.OW, new byte[4096]);
        ds.newSequence(Tag.VOILUTSequence, 1).add(item);
        ds.setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, new byte[100]);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[8192]);
        Path file = tmp.resolve("large.dcm");
        Files.write(file, write(ds, UID.ExplicitVRLittleEndian));
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.LARGE_VALUES).setBulkDataThreshold(1024);
            Attributes back = dis.readDataset();
            assertThat(back.getValue(Tag.PixelData)).isInstanceOf(BulkData.class);
            assertThat(back.getValue(Tag.RedPaletteColorLookupTableData)).isInstanceOf(byte[].class);
            BulkData lut = (BulkData) back.getNestedDataset(Tag.VOILUTSequence).getValue(Tag.LUTData);
            assertThat(lut.length()).isEqualTo(4096);
            assertThat(lut.toBytes()).hasSize(4096);
            assertThat(back).isEqualTo(ds);
        }
    }
}
