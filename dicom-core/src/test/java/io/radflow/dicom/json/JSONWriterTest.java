package io.radflow.dicom.json;

import static io.radflow.dicom.json.JSONRoundTripTest.read;
import static io.radflow.dicom.json.JSONRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JSONWriterTest {

    @Test
    void bigEndianBinaryIsWrittenLittleEndian() throws IOException {
        Attributes be = new Attributes(true, 4);
        be.setInt(Tag.Rows, VR.US, 0x0102);
        be.setBytes(Tag.PixelData, VR.OW, new byte[] {0x01, 0x02, 0x03, 0x04});
        assertThat(write(be))
                .isEqualTo("{\"00280010\":{\"vr\":\"US\",\"Value\":[258]},"
                        + "\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AgEEAw==\"}}");
    }

    @Test
    void bulkDataFromFilesIsStreamedInlineOrReferenced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.dcm");
        Files.write(file, new byte[] {9, 9, 1, 0, 2, 0, 9});
        Attributes a = new Attributes();
        a.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(file, 2, 4, false));
        assertThat(write(a)).isEqualTo("{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AQACAA==\"}}");

        Attributes be = new Attributes(true, 1);
        be.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(file, 2, 4, true));
        assertThat(write(be)).isEqualTo("{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AAEAAg==\"}}");

        BulkDataURIPolicy policy =
                BulkDataURIPolicy.aboveThreshold("http://h/dicomweb/studies/1/series/2/instances/3/bulk/", 3);
        assertThat(write(a, policy))
                .isEqualTo("{\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":"
                        + "\"http://h/dicomweb/studies/1/series/2/instances/3/bulk/7FE00010\"}}");
    }

    @Test
    void policySeesNestedPathsAndThreshold() throws IOException {
        Attributes a = new Attributes();
        a.setBytes(0x00091001, VR.OB, new byte[] {1, 2});
        Attributes item = new Attributes();
        item.setBytes(Tag.LUTData, VR.OW, new byte[4096]);
        a.newSequence(Tag.ReferencedImageSequence, 1).add(new Attributes());
        a.getSequence(Tag.ReferencedImageSequence).add(item);
        a.setValue(0x00420011, VR.OB, new BulkData(URI.create("http://elsewhere/doc"), 0, -1, false));
        String json = write(a, BulkDataURIPolicy.aboveThreshold("/bulk", 1024));
        assertThat(json)
                .isEqualTo("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{},{\"00283006\":{\"vr\":\"OW\","
                        + "\"BulkDataURI\":\"/bulk/00081140/1/00283006\"}}]},"
                        + "\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"AQI=\"},"
                        + "\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://elsewhere/doc\"}}");
        // inline policy: a remote BulkData keeps its URI, it cannot be inlined
        assertThat(write(a)).contains("\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://elsewhere/doc\"}");
    }

    @Test
    void encapsulatedPixelDataInlineIsTheItemSequence() throws IOException {
        Attributes a = new Attributes();
        Fragments f = new Fragments(VR.OB, false, 2);
        f.add(new byte[0]);
        f.add(new byte[] {1, 2, 3});
        a.setValue(Tag.PixelData, VR.OB, f);
        String json = write(a);
        // FE FF 00 E0 00000000, FE FF 00 E0 04000000 01 02 03 00
        assertThat(json).isEqualTo("{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"/v8A4AAAAAD+/wDgBAAAAAECAwA=\"}}");
        assertThat(write(read(json))).isEqualTo(json);
        assertThat(write(a, BulkDataURIPolicy.aboveThreshold("/bulk", 1 << 20)))
                .isEqualTo("{\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"/bulk/7FE00010\"}}");
    }

    @Test
    void invalidDecimalStringsStayStrings() throws IOException {
        Attributes a = new Attributes();
        a.setString(Tag.SliceThickness, VR.DS, "+1.50", ".5", "1.", "007", "1e3", "abc");
        a.setString(Tag.InstanceNumber, VR.IS, " 12 ");
        assertThat(write(a))
                .isEqualTo("{\"00180050\":{\"vr\":\"DS\",\"Value\":[1.50,0.5,1,7,1e3,\"abc\"]},"
                        + "\"00200013\":{\"vr\":\"IS\",\"Value\":[12]}}");
    }

    @Test
    void tagKeysAreUpperCaseHex() {
        assertThat(JSONWriter.toHex(Tag.PixelData)).isEqualTo("7FE00010");
        assertThat(JSONWriter.toHex(0xFFFEE000)).isEqualTo("FFFEE000");
        assertThat(JSONWriter.toHex(0x00000001)).isEqualTo("00000001");
    }
}
