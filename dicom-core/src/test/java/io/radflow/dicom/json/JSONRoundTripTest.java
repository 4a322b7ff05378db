package io.radflow.dicom.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.PersonName;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON → Attributes → JSON is the identity on canonical DICOM JSON covering every VR. */
class JSONRoundTripTest {

    /** Canonical (as {@link JSONWriter} writes it): every VR, empty values, nesting, private tags. */
    static final String CANONICAL = "{"
            + "\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
            + "\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]},"
            + "\"00080020\":{\"vr\":\"DA\",\"Value\":[\"20261121\"]},"
            + "\"0008002A\":{\"vr\":\"DT\",\"Value\":[\"20261121101500.123456+0900\"]},"
            + "\"00080030\":{\"vr\":\"TM\",\"Value\":[\"101500.123\"]},"
            + "\"00080050\":{\"vr\":\"SH\"},"
            + "\"00080054\":{\"vr\":\"AE\",\"Value\":[\"RADFLOW\",\"ORTHANC\"]},"
            + "\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},"
            + "\"00080119\":{\"vr\":\"UC\",\"Value\":[\"a long code value\"]},"
            + "\"00081030\":{\"vr\":\"LO\",\"Value\":[\"CT Abdomen \\\"quoted\\\" \\\\ back\"]},"
            + "\"00081140\":{\"vr\":\"SQ\",\"Value\":["
            + "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.2\"]},"
            + "\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4.5\"]},"
            + "\"00081160\":{\"vr\":\"IS\",\"Value\":[1,2]}},"
            + "{},"
            + "{\"00082112\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]}}]},"
            + "\"00081190\":{\"vr\":\"UR\",\"Value\":[\"http://localhost:8080/dicomweb/studies/1.2.3\"]},"
            + "\"00081199\":{\"vr\":\"SQ\"},"
            + "\"00090010\":{\"vr\":\"LO\",\"Value\":[\"RADFLOW PRIVATE\"]},"
            + "\"00091001\":{\"vr\":\"UN\",\"InlineBinary\":\"AAECAwQ=\"},"
            + "\"00091002\":{\"vr\":\"OD\",\"InlineBinary\":\"AAAAAAAA8D8=\"},"
            + "\"00091003\":{\"vr\":\"OF\",\"InlineBinary\":\"AACAPw==\"},"
            + "\"00091004\":{\"vr\":\"OL\",\"InlineBinary\":\"AQAAAA==\"},"
            + "\"00091005\":{\"vr\":\"OV\",\"InlineBinary\":\"AQAAAAAAAAA=\"},"
            + "\"00091006\":{\"vr\":\"SV\",\"Value\":[-42,\"-9007199254740993\"]},"
            + "\"00091007\":{\"vr\":\"UV\",\"Value\":[42,\"18446744073709551615\"]},"
            + "\"00091008\":{\"vr\":\"FL\",\"Value\":[0.1,-2.5E-7,\"NaN\"]},"
            + "\"00091009\":{\"vr\":\"FD\",\"Value\":[1.5,-1.0E300,\"Infinity\",\"-Infinity\"]},"
            + "\"0009100A\":{\"vr\":\"SL\",\"Value\":[-2147483648,2147483647]},"
            + "\"0009100B\":{\"vr\":\"UL\",\"Value\":[0,4294967295]},"
            + "\"0009100C\":{\"vr\":\"SS\",\"Value\":[-32768,32767]},"
            + "\"0009100D\":{\"vr\":\"OB\"},"
            + "\"0009100E\":{\"vr\":\"ST\",\"Value\":[\"  short text with leading spaces\"]},"
            + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Hong^Gildong\",\"Ideographic\":\"洪^吉洞\","
            + "\"Phonetic\":\"홍^길동\"}]},"
            + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"ID-0001\"]},"
            + "\"00101001\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"},null,{\"Ideographic\":\"山田^太郎\"}]},"
            + "\"00101010\":{\"vr\":\"AS\",\"Value\":[\"045Y\"]},"
            + "\"00101020\":{\"vr\":\"DS\",\"Value\":[1.75]},"
            + "\"00101030\":{\"vr\":\"DS\",\"Value\":[70.50]},"
            + "\"00180050\":{\"vr\":\"DS\",\"Value\":[0.7E-1]},"
            + "\"00200013\":{\"vr\":\"IS\",\"Value\":[-3]},"
            + "\"00200032\":{\"vr\":\"DS\",\"Value\":[-125.5,null,\"not a number\"]},"
            + "\"00204000\":{\"vr\":\"LT\",\"Value\":[\"  line 1\\r\\nline 2\\ttab\"]},"
            + "\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00180050\",\"FFFEE000\"]},"
            + "\"00280010\":{\"vr\":\"US\",\"Value\":[512,65535]},"
            + "\"00281053\":{\"vr\":\"DS\",\"Value\":[1]},"
            + "\"0040A160\":{\"vr\":\"UT\",\"Value\":[\"unlimited text\"]},"
            + "\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://localhost/bulk/00420011\"},"
            + "\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AQACAAMABAA=\"}"
            + "}";

    @Test
    void canonicalJsonRoundTripsUnchanged() throws IOException {
        Attributes attrs = read(CANONICAL);
        assertThat(write(attrs)).isEqualTo(CANONICAL);
    }

    @Test
    void readValuesAreTyped() throws IOException {
        Attributes a = read(CANONICAL);
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
        assertThat(a.getPersonName(Tag.PatientName).ideographic()).isEqualTo("洪^吉洞");
        assertThat(a.getStrings(0x00101001)).containsExactly("Doe^John", "", "=山田^太郎");
        assertThat(a.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "", "AXIAL");
        assertThat(a.getDouble(0x00101030, 0)).isEqualTo(70.5);
        assertThat(a.getString(0x00101030)).isEqualTo("70.50"); // DS text kept
        assertThat(a.getInt(Tag.InstanceNumber, 0)).isEqualTo(-3);
        assertThat(a.getInts(Tag.Rows)).containsExactly(512, 65535);
        assertThat(a.getVR(Tag.Rows)).isEqualTo(VR.US);
        assertThat(a.getInts(Tag.FrameIncrementPointer)).containsExactly(0x00180050, 0xFFFEE000);
        assertThat(a.getLongs(0x00091007)).containsExactly(42L, -1L); // UV max as unsigned bits
        assertThat(a.getDoubles(0x00091008)[0]).isEqualTo(0.1f);
        assertThat(a.getDoubles(0x00091008)[2]).isNaN();
        assertThat(a.getBytes(Tag.PixelData)).containsExactly(1, 0, 2, 0, 3, 0, 4, 0);
        assertThat(a.getValue(0x00420011)).isInstanceOf(BulkData.class);
        assertThat(((BulkData) a.getValue(0x00420011)).uri().toString()).isEqualTo("http://localhost/bulk/00420011");
        assertThat(a.contains(Tag.AccessionNumber)).isTrue();
        assertThat(a.containsValue(Tag.AccessionNumber)).isFalse();
        assertThat(a.getSequence(Tag.ReferencedImageSequence)).hasSize(3);
        assertThat(a.getNestedDataset(Tag.ReferencedImageSequence).getString(Tag.ReferencedSOPInstanceUID))
                .isEqualTo("1.2.3.4.5");
        assertThat(a.getNestedDataset(Tag.ReferencedImageSequence, 1).isEmpty()).isTrue();
        assertThat(a.getSequence(0x00081199)).isEmpty();
        assertThat(a.getString(Tag.ImageComments)).isEqualTo("  line 1\r\nline 2\ttab");
    }

    @Test
    void arrayOfDatasetsStreamsOneAtATime() throws IOException {
        String json = "[" + CANONICAL + ",{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"second\"]}}]";
        JSONReader reader = new JSONReader(new ByteArrayInputStream(json.getBytes(UTF_8)));
        List<Attributes> list = reader.readDatasets();
        assertThat(list).hasSize(2);
        assertThat(list.get(1).getString(Tag.PatientID)).isEqualTo("second");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSONWriter.writeArray(out, list.iterator(), BulkDataURIPolicy.INLINE);
        assertThat(out.toString(UTF_8)).isEqualTo(json);
    }

    @Test
    void lenientInputIsNormalised() throws IOException {
        String json = "{ \"00100010\" : { \"Value\" : [ \"Doe^Jane\" ], \"vr\" : \"PN\" },"
                + "\"00280010\":{\"Value\":[\"512\"]},"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[\"7\"]},"
                + "\"00091001\":{\"InlineBinary\":\"AAECAw\"},"
                + "\"00080060\":{\"vr\":\"CS\",\"Value\":[]},"
                + "\"00280011\":{\"vr\":\"US\",\"Value\":[5.0E2]}}";
        Attributes a = read(json);
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Doe^Jane");
        assertThat(a.getVR(Tag.Rows)).isEqualTo(VR.US); // from the dictionary
        assertThat(a.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(a.getVR(0x00091001)).isEqualTo(VR.UN); // private, no vr
        assertThat(a.getBytes(0x00091001)).containsExactly(0, 1, 2, 3); // no padding
        assertThat(a.getInt(Tag.Columns, 0)).isEqualTo(500);
        assertThat(write(a))
                .isEqualTo("{\"00080060\":{\"vr\":\"CS\"},"
                        + "\"00091001\":{\"vr\":\"UN\",\"InlineBinary\":\"AAECAw==\"},"
                        + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]},"
                        + "\"00200013\":{\"vr\":\"IS\",\"Value\":[7]},"
                        + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                        + "\"00280011\":{\"vr\":\"US\",\"Value\":[500]}}");
    }

    @Test
    void datasetsBuiltInCodeMatchTheModel() throws IOException {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO 2022 IR 149");
        a.setValue(Tag.PatientName, VR.PN, new PersonName("Hong^Gildong=洪^吉洞"));
        a.setDouble(Tag.ImagePositionPatient, VR.DS, -125.5, 0.25, 1e-9);
        a.setInt(Tag.Rows, VR.US, 512);
        a.setNull(Tag.StudyDate, VR.DA);
        a.newSequence(Tag.ReferencedImageSequence, 1).add(new Attributes());
        a.newSequence(0x00081199, 0);
        assertThat(write(a))
                .isEqualTo("{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO 2022 IR 149\"]},"
                        + "\"00080020\":{\"vr\":\"DA\"},"
                        + "\"00081140\":{\"vr\":\"SQ\",\"Value\":[{}]},"
                        + "\"00081199\":{\"vr\":\"SQ\"},"
                        + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Hong^Gildong\",\"Ideographic\":\"洪^吉洞\"}]},"
                        + "\"00200032\":{\"vr\":\"DS\",\"Value\":[-125.5,0.25,1.0E-9]},"
                        + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]}}");
    }

    static Attributes read(String json) throws IOException {
        try (JSONReader r = new JSONReader(new ByteArrayInputStream(json.getBytes(UTF_8)))) {
            return r.readDataset();
        }
    }

    static String write(Attributes attrs) throws IOException {
        return write(attrs, BulkDataURIPolicy.INLINE);
    }

    static String write(Attributes attrs, BulkDataURIPolicy policy) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSONWriter.createGenerator(out)) {
            new JSONWriter(g).bulkDataURIPolicy(policy).write(attrs);
        }
        return out.toString(UTF_8);
    }
}
