package io.radflow.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Private elements without a VR (Implicit VR) or sent as UN get the VR of the private dictionary
 * when the creator of their block, in the same data set, is known.
 */
class PrivateElementReadingTest {
    private static final int AGFA_CREATOR = 0x00190010;
    private static final int AGFA_TOTAL_IMAGES = 0x00191070; // US
    private static final int AGFA_STATUS = 0x00191093; // CS

    private static Attributes agfa(Attributes ds, byte[] totalImages) {
        ds.setString(AGFA_CREATOR, VR.LO, "AGFA");
        ds.setBytes(AGFA_TOTAL_IMAGES, VR.UN, totalImages);
        ds.setBytes(AGFA_STATUS, VR.UN, "COMPLETED ".getBytes());
        return ds;
    }

    private static Attributes roundTrip(Attributes ds, String ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomOutputStream(out, ts).writeDataset(null, ds);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(out.toByteArray()), ts)) {
            return in.readDataset();
        }
    }

    @Test
    void knownCreatorGivesImplicitAndUnElementsTheirVr() throws Exception {
        for (String ts : new String[] {UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian}) {
            Attributes read = roundTrip(agfa(new Attributes(), new byte[] {7, 0}), ts);
            assertThat(read.getVR(AGFA_TOTAL_IMAGES)).as(ts).isEqualTo(VR.US);
            assertThat(read.getInt(AGFA_TOTAL_IMAGES, -1)).as(ts).isEqualTo(7);
            assertThat(read.getVR(AGFA_STATUS)).as(ts).isEqualTo(VR.CS);
            assertThat(read.getString(AGFA_STATUS)).as(ts).isEqualTo("COMPLETED");
        }
    }

    @Test
    void unknownCreatorOrNoCreatorLeavesUn() throws Exception {
        Attributes ds = agfa(new Attributes(), new byte[] {7, 0});
        ds.setString(AGFA_CREATOR, VR.LO, "SOMEONE ELSE");
        assertThat(roundTrip(ds, UID.ImplicitVRLittleEndian).getVR(AGFA_TOTAL_IMAGES))
                .isEqualTo(VR.UN);
        ds.remove(AGFA_CREATOR);
        assertThat(roundTrip(ds, UID.ImplicitVRLittleEndian).getVR(AGFA_TOTAL_IMAGES))
                .isEqualTo(VR.UN);
    }

    @Test
    void theCreatorMustBeInTheSameItem() throws Exception {
        Attributes ds = new Attributes();
        ds.setString(AGFA_CREATOR, VR.LO, "AGFA");
        Sequence seq = ds.newSequence(Tag.ReferencedImageSequence, 2);
        Attributes withCreator = agfa(new Attributes(), new byte[] {1, 0});
        Attributes without = new Attributes();
        without.setBytes(AGFA_TOTAL_IMAGES, VR.UN, new byte[] {2, 0});
        seq.add(withCreator);
        seq.add(without);
        Sequence read = roundTrip(ds, UID.ImplicitVRLittleEndian).getSequence(Tag.ReferencedImageSequence);
        assertThat(read.get(0).getVR(AGFA_TOTAL_IMAGES)).isEqualTo(VR.US);
        assertThat(read.get(1).getVR(AGFA_TOTAL_IMAGES)).isEqualTo(VR.UN);
    }

    @Test
    void valuesThatCannotHaveTheDictionaryVrStayUn() throws Exception {
        // GEMS_Ultrasound_MovieGroup_001: (7FE1,xx03) UL, (7FE1,xx01) SQ
        Attributes ds = new Attributes();
        ds.setString(0x7FE10010, VR.LO, "GEMS_Ultrasound_MovieGroup_001");
        ds.setBytes(0x7FE11001, VR.UN, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // no item
        ds.setBytes(0x7FE11003, VR.UN, new byte[] {1, 0, 0, 0, 2, 0}); // 6 bytes: no UL
        ds.setBytes(0x7FE11103, VR.UN, new byte[] {1, 0, 0, 0}); // block 11 has no creator
        for (String ts : new String[] {UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian}) {
            Attributes read = roundTrip(ds, ts);
            assertThat(read.getVR(0x7FE11001)).as(ts).isEqualTo(VR.UN);
            assertThat(read.getVR(0x7FE11003)).as(ts).isEqualTo(VR.UN);
            assertThat(read.getBytes(0x7FE11003)).as(ts).containsExactly(1, 0, 0, 0, 2, 0);
            assertThat(read.getVR(0x7FE11103)).as(ts).isEqualTo(VR.UN);
        }
        ds.setBytes(0x7FE11003, VR.UN, new byte[] {1, 0, 0, 0, 2, 0, 0, 0});
        assertThat(roundTrip(ds, UID.ImplicitVRLittleEndian).getInts(0x7FE11003))
                .containsExactly(1, 2);
    }

    @Test
    void privateSequenceOfAKnownCreatorIsReadAsSequence() throws Exception {
        Attributes ds = new Attributes();
        ds.setString(0x7FE10010, VR.LO, "GEMS_Ultrasound_MovieGroup_001");
        Attributes item = new Attributes();
        item.setString(Tag.PatientID, VR.LO, "X");
        ds.newSequence(0x7FE11001, 1).add(item);
        for (String ts : new String[] {UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian}) {
            Attributes read = roundTrip(ds, ts);
            assertThat(read.getVR(0x7FE11001)).as(ts).isEqualTo(VR.SQ);
            assertThat(read.getNestedDataset(0x7FE11001).getString(Tag.PatientID))
                    .as(ts)
                    .isEqualTo("X");
        }
    }
}
