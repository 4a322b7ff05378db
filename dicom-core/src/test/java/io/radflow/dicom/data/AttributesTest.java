package io.radflow.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttributesTest {
    @Test
    void keepsTagsSortedWhateverTheInsertionOrder() {
        Attributes a = new Attributes(2);
        a.setString(Tag.PatientID, VR.LO, "P1");
        a.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        a.setInt(Tag.Rows, VR.US, 512);
        a.setString(Tag.PatientName, VR.PN, "Doe^John");
        a.setNull(0xFFFA_FFFA, VR.SQ);

        assertThat(a.tags()).containsExactly(Tag.SOPInstanceUID, Tag.PatientName, Tag.PatientID, Tag.Rows, 0xFFFAFFFA);
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.remove(Tag.PatientID)).isNotNull();
        assertThat(a.contains(Tag.PatientID)).isFalse();
    }

    @Test
    void typedGettersDecodeRawValuesLazily() {
        Attributes a = new Attributes();
        a.setBytes(Tag.ImageType, VR.CS, "ORIGINAL\\PRIMARY\\AXIAL ".getBytes());
        a.setBytes(Tag.PixelSpacing, VR.DS, "0.703125\\0.703125 ".getBytes());
        a.setBytes(Tag.Rows, VR.US, new byte[] {0x00, 0x02});
        a.setBytes(Tag.SmallestImagePixelValue, VR.SS, new byte[] {(byte) 0x00, (byte) 0xFC});
        a.setBytes(Tag.SOPInstanceUID, VR.UI, "1.2.3\0".getBytes());
        a.setBytes(Tag.InstanceNumber, VR.IS, " 12 ".getBytes());

        assertThat(a.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(a.getDoubles(Tag.PixelSpacing)).containsExactly(0.703125, 0.703125);
        assertThat(a.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(a.getInt(Tag.SmallestImagePixelValue, 0)).isEqualTo(-1024);
        assertThat(a.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(a.getInt(Tag.InstanceNumber, 0)).isEqualTo(12);
        assertThat(a.getInt(Tag.Columns, -1)).isEqualTo(-1);
        assertThat(a.getString(Tag.PatientName, "none")).isEqualTo("none");
    }

    @Test
    void settersEncodeInTheDataSetByteOrder() {
        Attributes le = new Attributes(false, 4);
        Attributes be = new Attributes(true, 4);
        for (Attributes a : new Attributes[] {le, be}) {
            a.setInt(Tag.Rows, VR.US, 0x0102);
            a.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
            a.setDouble(Tag.RescaleSlope, VR.DS, 0.5);
            a.setDouble(Tag.SliceThickness, VR.FD, 1.25);
        }
        assertThat(le.getBytes(Tag.Rows)).containsExactly(0x02, 0x01);
        assertThat(be.getBytes(Tag.Rows)).containsExactly(0x01, 0x02);
        assertThat(le.getBytes(Tag.FrameIncrementPointer)).containsExactly(0x18, 0x00, 0x63, 0x10);
        assertThat(be.getInts(Tag.FrameIncrementPointer)).containsExactly(Tag.FrameTime);
        assertThat(le.getString(Tag.RescaleSlope)).isEqualTo("0.5");
        assertThat(be.getDouble(Tag.SliceThickness, 0)).isEqualTo(1.25);
        assertThat(le).isEqualTo(be);
    }

    @Test
    void nestedSequences() {
        Attributes a = new Attributes();
        Sequence seq = a.newSequence(Tag.ReferencedSeriesSequence, 2);
        Attributes item = new Attributes();
        item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4");
        seq.add(item);
        item.newSequence(Tag.ReferencedInstanceSequence, 1).add(new Attributes());

        assertThat(a.getNestedDataset(Tag.ReferencedSeriesSequence).getString(Tag.SeriesInstanceUID))
                .isEqualTo("1.2.3.4");
        assertThat(item.getParent()).isSameAs(a);
        assertThat(new Attributes(a)).isEqualTo(a);
    }

    @Test
    void decimalStringsFitSixteenCharacters() {
        Attributes a = new Attributes();
        a.setDouble(Tag.ImagePositionPatient, VR.DS, -123.456789012345678, 1e-20, 3);
        for (String s : a.getStrings(Tag.ImagePositionPatient)) {
            assertThat(s.length()).isLessThanOrEqualTo(16);
        }
        assertThat(a.getDoubles(Tag.ImagePositionPatient)[0])
                .isCloseTo(-123.456789, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.getStrings(Tag.ImagePositionPatient)[2]).isEqualTo("3");
    }
}
