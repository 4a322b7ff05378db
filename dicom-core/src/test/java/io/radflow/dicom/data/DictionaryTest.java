package io.radflow.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DictionaryTest {
    @Test
    void elementDictionaryCoversTheStandard() {
        assertThat(ElementDictionary.size()).isGreaterThan(4900);
        assertThat(ElementDictionary.vrOf(Tag.PatientName)).isEqualTo(VR.PN);
        assertThat(ElementDictionary.keywordOf(0x00100010)).isEqualTo("PatientName");
        assertThat(ElementDictionary.nameOf(Tag.PatientName)).isEqualTo("Patient's Name");
        assertThat(ElementDictionary.tagForKeyword("PixelData")).isEqualTo(0x7FE00010);
        assertThat(ElementDictionary.vmOf(Tag.ImageType)).isEqualTo("2-n");
        assertThat(ElementDictionary.isRetired(Tag.CommandLengthToEnd)).isTrue();
        assertThat(ElementDictionary.entry(Tag.SmallestImagePixelValue).ambiguousVR())
                .isTrue();
        assertThat(ElementDictionary.vrOf(Tag.AcquisitionUID)).isEqualTo(VR.UI);
    }

    @Test
    void repeatingGroupsPrivateAndGroupLengthTags() {
        assertThat(ElementDictionary.keywordOf(0x60020010)).isEqualTo("OverlayRows");
        assertThat(ElementDictionary.vrOf(0x50100030)).isEqualTo(VR.SH);
        assertThat(ElementDictionary.vrOf(0x00291010)).isEqualTo(VR.UN);
        assertThat(ElementDictionary.vrOf(0x00290010)).isEqualTo(VR.LO);
        assertThat(ElementDictionary.vrOf(0x00180000)).isEqualTo(VR.UL);
        assertThat(Tag.toString(Tag.PatientName)).isEqualTo("(0010,0010)");
        assertThat(Tag.parse("(7FE0,0010)")).isEqualTo(Tag.PixelData);
        assertThat(Tag.parse("StudyInstanceUID")).isEqualTo(Tag.StudyInstanceUID);
    }

    @Test
    void uidRegistry() {
        assertThat(UID.nameOf(UID.CTImageStorage)).isEqualTo("CT Image Storage");
        assertThat(UID.typeOf(UID.ExplicitVRLittleEndian)).isEqualTo("Transfer Syntax");
        assertThat(UID.Verification).isEqualTo("1.2.840.10008.1.1");
        assertThat(UID.isValid("1.2.840.10008.1.2")).isTrue();
        assertThat(UID.isValid("1.02.3")).isFalse();
        assertThat(UID.isValid("1..2")).isFalse();
        String uid = UID.createUID();
        assertThat(UID.isValid(uid)).isTrue();
        assertThat(uid).startsWith("2.25.");
        assertThat(TransferSyntax.of(UID.ExplicitVRBigEndian).bigEndian()).isTrue();
        assertThat(TransferSyntax.of(UID.JPEG2000Lossless).encapsulated()).isTrue();
        assertThat(TransferSyntax.of(UID.DeflatedExplicitVRLittleEndian).deflated())
                .isTrue();
    }
}
