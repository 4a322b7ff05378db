package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelDataTest {

    static Attributes image(int rows, int cols, int spp, int bits, int frames, String pi) {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, cols);
        ds.setInt(Tag.SamplesPerPixel, VR.US, spp);
        ds.setInt(Tag.BitsAllocated, VR.US, bits);
        ds.setInt(Tag.BitsStored, VR.US, bits);
        ds.setInt(Tag.HighBit, VR.US, bits - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, pi);
        if (spp > 1) {
            ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        }
        ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        return ds;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void mapsFragmentsToFramesWithBasicOffsetTable() throws Exception {
        Attributes ds = image(1, 1, 1, 8, 2, "MONOCHROME2");
        Fragments f = new Fragments(VR.OB, false, 4);
        // frame 1 = fragments 1 and 2 (4 + 2 bytes), frame 2 = fragment 3; offsets 0 and 8+4+8+2 = 22
        f.add(bytes(0, 0, 0, 0, 22, 0, 0, 0));
        f.add(bytes(1, 2, 3, 4));
        f.add(bytes(5, 6));
        f.add(bytes(7, 8));
        ds.setValue(Tag.PixelData, VR.OB, f);
        PixelData pd = PixelData.of(ds, UID.JPEGBaseline8Bit);
        assertThat(pd.storedFrame(0)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(pd.storedFrame(1)).containsExactly(7, 8);
        assertThatThrownBy(() -> pd.storedFrame(2)).isInstanceOf(PixelDataException.class);

        f.set(0, bytes(0, 0, 0, 0, 21, 0, 0, 0));
        assertThatThrownBy(() -> PixelData.of(ds, UID.JPEGBaseline8Bit))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("does not point at a fragment");
    }

    @Test
    void usesExtendedOffsetTableThenOneFragmentPerFrameThenMarkers() throws Exception {
        Attributes ds = image(1, 1, 1, 8, 2, "MONOCHROME2");
        Fragments f = new Fragments(VR.OB, false, 4);
        f.add(new byte[0]);
        f.add(bytes(0xFF, 0xD8, 1, 2));
        f.add(bytes(3, 4));
        f.add(bytes(0xFF, 0xD8, 5, 6));
        ds.setValue(Tag.PixelData, VR.OB, f);
        // no table: JPEG start-of-image markers tell the frames apart
        assertThat(PixelData.of(ds, UID.JPEGBaseline8Bit).storedFrame(0)).containsExactly(0xFF, 0xD8, 1, 2, 3, 4);
        byte[] eot = new byte[16];
        eot[8] = 22;
        ds.setBytes(Tag.ExtendedOffsetTable, VR.OV, eot);
        assertThat(PixelData.of(ds, UID.JPEGBaseline8Bit).storedFrame(1)).containsExactly(0xFF, 0xD8, 5, 6);
        ds.remove(Tag.ExtendedOffsetTable);
        f.remove(2);
        assertThat(PixelData.of(ds, UID.RLELossless).storedFrame(1)).containsExactly(0xFF, 0xD8, 5, 6);
        f.add(bytes(9, 9));
        f.set(1, bytes(1, 2));
        assertThatThrownBy(() -> PixelData.of(ds, UID.RLELossless)).hasMessageContaining("no way to tell");
    }

    @Test
    void readsNativeFramesFromBulkDataRanges(@TempDir Path dir) throws Exception {
        Attributes ds = image(1, 2, 1, 16, 3, "MONOCHROME2");
        Path file = dir.resolve("pixels.raw");
        Files.write(file, bytes(0xEE, 0xEE, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0));
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(file, 2, 12, false));
        PixelData pd = PixelData.of(ds, UID.ExplicitVRLittleEndian);
        assertThat(pd.decodedFrame(1)).containsExactly(3, 0, 4, 0);
        assertThat(pd.raster(2).samples()).containsExactly(5, 6);
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(file, 2, 12, true));
        assertThat(PixelData.of(ds, UID.ExplicitVRBigEndian).raster(0).samples())
                .containsExactly(0x100, 0x200);
        ds.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(file, 2, 10, false));
        assertThatThrownBy(() -> PixelData.of(ds, UID.ExplicitVRLittleEndian)).hasMessageContaining("12 expected");
    }

    @Test
    void realignsOneBitFrames() throws Exception {
        Attributes ds = image(1, 3, 1, 1, 3, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, bytes(0b0011101, 0b1));
        PixelData pd = PixelData.of(ds, UID.ExplicitVRLittleEndian);
        assertThat(pd.storedFrame(1)).containsExactly(0b011);
        assertThat(pd.storedFrame(2)).containsExactly(0b100);
        assertThat(pd.raster(2).samples()).containsExactly(0, 0, 1);
    }

    @Test
    void transcodesNativeToRleAndBack() throws Exception {
        Attributes ds = image(3, 5, 3, 16, 2, "RGB");
        ds.setInt(Tag.PlanarConfiguration, VR.US, 1);
        byte[] px = new byte[3 * 5 * 3 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 / 3);
        }
        ds.setBytes(Tag.PixelData, VR.OW, px);
        assertThat(PixelDataTranscoder.canTranscode(UID.ExplicitVRLittleEndian, UID.RLELossless))
                .isTrue();
        assertThat(PixelDataTranscoder.canTranscode(UID.JPEGLSLossless, UID.ExplicitVRLittleEndian))
                .isFalse();
        Attributes rle = PixelDataTranscoder.transcode(ds, UID.ExplicitVRLittleEndian, UID.RLELossless);
        Fragments f = (Fragments) rle.getValue(Tag.PixelData);
        assertThat(f).hasSize(3);
        assertThat(f.bytes(0)).hasSize(8);
        assertThat((long) ByteUtils.i32(f.bytes(0), 4, false)).isEqualTo(8 + f.length(1));
        PixelData back = PixelData.of(rle, UID.RLELossless);
        assertThat(back.descriptor().planarConfiguration()).isEqualTo(1);
        Attributes nat = PixelDataTranscoder.transcode(rle, UID.RLELossless, UID.ImplicitVRLittleEndian);
        assertThat(nat.getBytes(Tag.PixelData)).isEqualTo(px);
        assertThat(nat.getString(Tag.PhotometricInterpretation)).isEqualTo("RGB");
        assertThat(nat.getVR(Tag.PixelData)).isEqualTo(VR.OW);
        assertThat(PixelDataTranscoder.transcode(ds, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian))
                .isSameAs(ds);
    }
}
