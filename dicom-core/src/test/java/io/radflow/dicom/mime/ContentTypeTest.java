package io.radflow.dicom.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

    @Test
    void parsesStowRequestContentType() {
        ContentType ct = ContentType.parse(
                "Multipart/Related; TYPE=\"application/dicom\"; Boundary=\"MESSAGEBOUNDARY\"; start=\"<root@x>\"");
        assertThat(ct.mediaType()).isEqualTo("multipart/related");
        assertThat(ct.isMultipart()).isTrue();
        assertThat(ct.is("MULTIPART/RELATED")).isTrue();
        assertThat(ct.parameter("type")).isEqualTo("application/dicom");
        assertThat(ct.parameter("Type")).isEqualTo("application/dicom");
        assertThat(ct.boundary()).isEqualTo("MESSAGEBOUNDARY"); // values keep their case
        assertThat(ct.parameter("start")).isEqualTo("<root@x>");
        assertThat(ct.parameters().keySet()).containsExactly("type", "boundary", "start");
    }

    @Test
    void acceptsUnquotedSlashInValueAndTokens() {
        ContentType ct = ContentType.parse(
                "multipart/related;type=application/octet-stream;transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(ct.parameter("type")).isEqualTo("application/octet-stream");
        assertThat(ct.parameter("transfer-syntax")).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(ContentType.parse("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*")
                        .parameter("transfer-syntax"))
                .isEqualTo("*");
    }

    @Test
    void quotedStringsWithEscapesAndSpaces() {
        ContentType ct = ContentType.parse("multipart/related ;  boundary = \"a \\\"b\\\\ c;,d\" ; x=1");
        assertThat(ct.boundary()).isEqualTo("a \"b\\ c;,d");
        assertThat(ct.parameter("x")).isEqualTo("1");
        assertThat(ContentType.parse(ct.toString())).isEqualTo(ct);
        assertThat(ct.toString()).isEqualTo("multipart/related; boundary=\"a \\\"b\\\\ c;,d\"; x=1");
    }

    @Test
    void toStringQuotesTypeButNotTokens() {
        ContentType ct = MediaTypes.multipartRelated("application/dicom", "1.2.840.10008.1.2.4.70", "b-1");
        assertThat(ct.toString())
                .isEqualTo("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.70;"
                        + " boundary=b-1");
        assertThat(ContentType.parse(ct.toString())).isEqualTo(ct);
    }

    @Test
    void parsesAcceptLists() {
        List<ContentType> list = ContentType.parseList(
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*, application/dicom+json;q=0.5,,*/*");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).parameter("transfer-syntax")).isEqualTo("*");
        assertThat(list.get(1).mediaType()).isEqualTo("application/dicom+json");
        assertThat(list.get(1).parameter("q")).isEqualTo("0.5");
        assertThat(list.get(2).mediaType()).isEqualTo("*/*");
        assertThat(ContentType.parseList(" ")).isEmpty();
        assertThat(list.get(0).quality()).isEqualTo(1.0);
        assertThat(list.get(1).quality()).isEqualTo(0.5);
        assertThat(list.get(2).includes("application/dicom")).isTrue();
        assertThat(ContentType.parse("application/*").includes("Application/DICOM+json"))
                .isTrue();
        assertThat(ContentType.parse("application/*").includes("image/png")).isFalse();
        assertThat(ContentType.parse("image/png;q=2").quality()).isZero();
    }

    @Test
    void withParameterReplaces() {
        ContentType ct = ContentType.parse("application/dicom; transfer-syntax=1.2.840.10008.1.2");
        ContentType ct2 = ct.withParameter("Transfer-Syntax", "1.2.840.10008.1.2.1");
        assertThat(ct2.parameter("transfer-syntax")).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(ct2.parameters()).hasSize(1);
        assertThat(ct.withoutParameters().toString()).isEqualTo("application/dicom");
        assertThatThrownBy(() -> ct.withParameter("x", "a\r\nb")).isInstanceOf(InvalidMediaTypeException.class);
    }

    @Test
    void rejectsMalformedWithIndex() {
        assertBad("", 0, "missing type");
        assertBad("application", 11, "expected '/'");
        assertBad("application/", 12, "missing subtype");
        assertBad("text/plain; charset", 19, "expected '='");
        assertBad("text/plain; charset=", 20, "missing parameter value");
        assertBad("text/plain; a=\"open", 14, "unterminated quoted string");
        assertBad("text/plain; a=1; A=2", 17, "duplicate parameter 'a'");
        assertBad("text/plain x", 11, "expected ';'");
        assertBad("text/plain; a=\"x\u0001\"", 16, "control character");
        assertBad("text/pl\u00e4in", 7, "expected ';'");
        assertBad("t\u00e4xt/plain", 1, "expected '/'");
    }

    private static void assertBad(String text, int index, String problem) {
        assertThatThrownBy(() -> ContentType.parse(text))
                .isInstanceOf(InvalidMediaTypeException.class)
                .hasMessageContaining(problem)
                .satisfies(
                        e -> assertThat(((InvalidMediaTypeException) e).index()).isEqualTo(index));
    }
}
