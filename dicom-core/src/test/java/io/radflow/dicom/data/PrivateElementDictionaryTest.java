package io.radflow.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivateElementDictionaryTest {
    @Test
    void knownCreatorGivesTheVrInAnyBlockOfItsGroup() {
        // pydicom: AGFA '0019xx60' US, '0019xx10' SH (what pydicom's charset files hold)
        assertThat(PrivateElementDictionary.vrOf("AGFA", 0x00191060)).isEqualTo(VR.US);
        assertThat(PrivateElementDictionary.vrOf("AGFA", 0x00191010)).isEqualTo(VR.SH);
        assertThat(PrivateElementDictionary.vrOf("AGFA", 0x0019A360)).isEqualTo(VR.US); // block A3
        assertThat(PrivateElementDictionary.nameOf("AGFA", 0x00191093)).isEqualTo("Status");
        assertThat(PrivateElementDictionary.entry("AGFA", 0x00191093).vm()).isEqualTo("1");
        assertThat(PrivateElementDictionary.size()).isGreaterThan(8000);
    }

    @Test
    void unknownCreatorElementOrGroupStaysUn() {
        assertThat(PrivateElementDictionary.vrOf("NO SUCH CREATOR", 0x00191060)).isEqualTo(VR.UN);
        assertThat(PrivateElementDictionary.vrOf(null, 0x00191060)).isEqualTo(VR.UN);
        assertThat(PrivateElementDictionary.vrOf("agfa", 0x00191060)).isEqualTo(VR.UN); // case matters
        assertThat(PrivateElementDictionary.vrOf("AGFA", 0x001910FE)).isEqualTo(VR.UN);
        assertThat(PrivateElementDictionary.vrOf("AGFA", 0x00211060)).isEqualTo(VR.UN);
        // not private data elements: a creator element, public and reserved odd groups
        assertThat(PrivateElementDictionary.entry("AGFA", 0x00190060)).isNull();
        assertThat(PrivateElementDictionary.entry("AGFA", 0x00181060)).isNull();
        assertThat(PrivateElementDictionary.entry("AEGIS_DICOM_2.00", 0x00031000))
                .isNull();
    }

    @Test
    void repeatingGroupAndFixedElementPatterns() {
        // private.dic (7001-o-70ff,"DLX_ANNOT_01",04): any odd group 7001-70FF, any block
        assertThat(PrivateElementDictionary.vrOf("DLX_ANNOT_01", 0x70011004)).isEqualTo(VR.ST);
        assertThat(PrivateElementDictionary.vrOf("DLX_ANNOT_01", 0x70FF2205)).isEqualTo(VR.IS);
        assertThat(PrivateElementDictionary.entry("DLX_ANNOT_01", 0x70011004).mask())
                .isEqualTo(0xFF0000FF);
        assertThat(PrivateElementDictionary.vrOf("DLX_ANNOT_01", 0x71011004)).isEqualTo(VR.UN);
        // private.dic (0029,"OCULUS Optikgeraete GmbH",1012): element 1012 only, block 10 only
        assertThat(PrivateElementDictionary.vrOf("OCULUS Optikgeraete GmbH", 0x00291012))
                .isEqualTo(VR.UL);
        assertThat(PrivateElementDictionary.vrOf("OCULUS Optikgeraete GmbH", 0x00291112))
                .isEqualTo(VR.UN);
        // pydicom's OB_OW
        assertThat(PrivateElementDictionary.entry("TOSHIBA_MEC_OT3", 0x70191080).ambiguousVR())
                .isTrue();
    }

    @Test
    void creatorTagOfTheBlock() {
        assertThat(PrivateElementDictionary.creatorTag(0x00191060)).isEqualTo(0x00190010);
        assertThat(PrivateElementDictionary.creatorTag(0x0019FF01)).isEqualTo(0x001900FF);
        assertThat(PrivateElementDictionary.creatorTag(0x00190010)).isEqualTo(-1);
        assertThat(PrivateElementDictionary.creatorTag(0x00190F10)).isEqualTo(-1);
        assertThat(PrivateElementDictionary.creatorTag(0x00201060)).isEqualTo(-1);
    }
}
