package io.radflow.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetTest {
    /** PS3.5 Annex I.2: Korean name with ISO 2022 IR 149 (KS X 1001) escape sequences. */
    private static final byte[] KOREAN_PN = HexFormat.of()
            .parseHex("486F6E675E47696C646F6E673D1B242943FBF35E1B242943D1CED4D73D1B242943C8AB5E1B242943B1E6B5BF");

    @Test
    void decodesKoreanPersonNameOfPs35AnnexI() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 149");
        a.setBytes(Tag.PatientName, VR.PN, KOREAN_PN);

        PersonName pn = a.getPersonName(Tag.PatientName);

        assertThat(a.getString(Tag.PatientName)).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
        assertThat(pn.alphabetic()).isEqualTo("Hong^Gildong");
        assertThat(pn.ideographic()).isEqualTo("洪^吉洞");
        assertThat(pn.phonetic()).isEqualTo("홍^길동");
        assertThat(pn.get(PersonName.Group.Phonetic, PersonName.Component.GivenName))
                .isEqualTo("길동");
    }

    @Test
    void encodesKoreanPersonNameWithEscapeSequencesAfterEachDelimiter() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 149");

        assertThat(cs.encode("Hong^Gildong=洪^吉洞=홍^길동", true)).isEqualTo(KOREAN_PN);
    }

    @Test
    void koreanTextValueRoundTripsThroughAttributes() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 149");
        a.setString(Tag.StudyDescription, VR.LO, "흉부 CT 조영증강");
        byte[] encoded = a.getBytes(Tag.StudyDescription);
        assertThat(encoded).startsWith(0x1B, 0x24, 0x29, 0x43);

        Attributes b = new Attributes();
        b.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 149");
        b.setBytes(Tag.StudyDescription, VR.LO, encoded);
        assertThat(b.getString(Tag.StudyDescription)).isEqualTo("흉부 CT 조영증강");
    }

    @Test
    void utf8AndLatin1() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        a.setBytes(Tag.PatientName, VR.PN, "김^민준=金^旼俊".getBytes(StandardCharsets.UTF_8));
        assertThat(a.getPersonName(Tag.PatientName).ideographic()).isEqualTo("金^旼俊");

        Attributes l = new Attributes();
        l.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        l.setBytes(Tag.PatientName, VR.PN, "Buc^J\u00e9r\u00f4me".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(l.getString(Tag.PatientName)).isEqualTo("Buc^Jérôme");
        assertThat(l.getBytes(Tag.PatientName)).hasSize(10);
    }

    @Test
    void itemsInheritTheCharacterSetOfTheirDataSet() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Attributes item = new Attributes();
        a.newSequence(Tag.OtherPatientIDsSequence, 1).add(item);
        item.setBytes(Tag.PatientName, VR.PN, "홍^길동".getBytes(StandardCharsets.UTF_8));
        assertThat(item.getString(Tag.PatientName)).isEqualTo("홍^길동");
    }

    @Test
    void misspeltTermsAreCorrectedAndStandAloneTermsWin() {
        assertThat(SpecificCharacterSet.valueOf("ISO IR 100").decode(new byte[] {(byte) 0xE9}, 0, 1))
                .isEqualTo("é");
        assertThat(SpecificCharacterSet.valueOf("ISO_IR 192", "ISO 2022 IR 149").isUTF8())
                .isTrue();
    }

    @Test
    void defaultRepertoireDecodesAsLatin1LikePydicom() {
        assertThat(SpecificCharacterSet.DEFAULT.decode(new byte[] {'A', (byte) 0xC4}, 0, 2))
                .isEqualTo("AÄ");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The encoder writes byte for byte what pydicom's charset test files hold. */
    @Test
    void encodesJapaneseNamesLikeTheStandardsExamples() {
        assertThat(SpecificCharacterSet.valueOf("", "ISO 2022 IR 87").encode("Yamada^Tarou=山田^太郎=やまだ^たろう", true))
                .isEqualTo(bytes("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B="
                        + "\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B"));
        SpecificCharacterSet jp = SpecificCharacterSet.valueOf("ISO 2022 IR 13", "ISO 2022 IR 87");
        byte[] b = jp.encode("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", true);
        assertThat(b)
                .isEqualTo(bytes("\u00d4\u00cf\u00c0\u00de^\u00c0\u00db\u00b3=\u001b$B;3ED\u001b(J^"
                        + "\u001b$BB@O:\u001b(J=\u001b$B$d$^$@\u001b(J^\u001b$B$?$m$&\u001b(J"));
        assertThat(jp.decode(b, 0, b.length, true)).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
    }

    @Test
    void chineseIso2022Ir58UsesItsG1Designation() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 58");
        byte[] b = cs.encode("Zhang^San=张^三", true);
        assertThat(b).startsWith(bytes("Zhang^San=\u001b$)A"));
        assertThat(cs.decode(b, 0, b.length, true)).isEqualTo("Zhang^San=张^三");
    }
}
