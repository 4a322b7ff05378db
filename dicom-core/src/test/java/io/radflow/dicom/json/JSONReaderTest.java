package io.radflow.dicom.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.Attributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Malformed DICOM JSON ends in {@link DicomJsonException} naming the problem and location. */
class JSONReaderTest {

    @Test
    void reportsProblemsWithLocation() {
        String key = "\""; // the first key starts at offset 1
        assertError("", "unexpected end of input", "");
        assertError("[]", "expected a data set object but found '['", "[");
        assertError("{\"0010001\":{\"vr\":\"PN\"}}", "invalid tag key \"0010001\"", key);
        assertError("{\"0010001G\":{\"vr\":\"PN\"}}", "invalid tag key", key);
        assertError("{\"00100010\":{\"vr\":\"XX\"}}", "invalid VR \"XX\" in 00100010", "\"XX");
        assertError("{\"00100010\":{\"vr\":\"PN\",\"Value\":[1]}}", "not a name object", key);
        assertError(
                "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"x\",\"Nickname\":\"y\"}]}}",
                "unknown person name group",
                "\"Nick");
        assertError("{\"00280010\":{\"vr\":\"US\",\"Value\":[65536]}}", "integer 65536 out of range for VR US", key);
        assertError("{\"00280010\":{\"vr\":\"US\",\"Value\":[1.5]}}", "invalid integer \"1.5\"", key);
        assertError("{\"00280010\":{\"vr\":\"US\",\"Value\":[1e999999999]}}", "out of range for VR US", key);
        assertError("{\"00280010\":{\"vr\":\"US\",\"Value\":[null]}}", "needs integers, found null", key);
        assertError("{\"00280009\":{\"vr\":\"AT\",\"Value\":[\"0018005\"]}}", "invalid AT value", key);
        assertError("{\"7FE00010\":{\"vr\":\"OW\",\"Value\":[1]}}", "Value is not allowed for VR OW", key);
        assertError("{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"A*==\"}}", "invalid DICOM JSON", null);
        assertError("{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":1}}", "expected a base64 string", "1}");
        assertError(
                "{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AA==\",\"BulkDataURI\":\"x\"}}",
                "more than one of Value, InlineBinary and BulkDataURI",
                key);
        assertError("{\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://a b\"}}", "invalid BulkDataURI", key);
        assertError(
                "{\"00081140\":{\"vr\":\"SQ\",\"InlineBinary\":\"AA==\"}}", "sequence 00081140 with InlineBinary", key);
        assertError("{\"00100010\":{\"vr\":\"PN\",\"value\":[]}}", "unknown member \"value\"", "\"value");
        assertError("{\"00100010\":{\"vr\":\"PN\"},\"00100010\":{\"vr\":\"PN\"}}", "duplicate element 00100010", 24L);
        assertError("{\"00100010\":{\"vr\":\"PN\"", "Unexpected end-of-input", null);
        assertError("{\"00100010\":{\"vr\":\"PN\",}}", "invalid DICOM JSON", null);
    }

    @Test
    void limitsNestingAndElements() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            deep.append("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[");
        }
        assertThatThrownBy(() -> read(deep.toString(), JSONReader.Limits.DEFAULT))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("sequences nested deeper than 64");
        String many = "{\"00081160\":{\"vr\":\"IS\",\"Value\":[" + "1,".repeat(100) + "1]}}";
        assertThatThrownBy(() -> read(many, new JSONReader.Limits(8, 50, 1000)))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("more than 50 values");
        String longString = "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"" + "x".repeat(2000) + "\"]}}";
        assertThatThrownBy(() -> read(longString, new JSONReader.Limits(8, 50, 1000)))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("String value length")
                .hasMessageContaining("exceeds the maximum allowed (1000");
    }

    /** {@code at}: the text at the expected offset (its first occurrence), "" for the end, null to skip. */
    private static void assertError(String json, String problem, String at) {
        assertError(json, problem, at == null ? -2 : at.isEmpty() ? json.length() : json.indexOf(at));
    }

    private static void assertError(String json, String problem, long offset) {
        assertThatThrownBy(() -> read(json, JSONReader.Limits.DEFAULT))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    if (offset != -2) {
                        assertThat(((DicomJsonException) e).offset()).isEqualTo(offset);
                    }
                    assertThat(((DicomJsonException) e).line()).isEqualTo(1);
                });
    }

    private static Attributes read(String json, JSONReader.Limits limits) throws IOException {
        return new JSONReader(new ByteArrayInputStream(json.getBytes(UTF_8)), limits).readDataset();
    }
}
