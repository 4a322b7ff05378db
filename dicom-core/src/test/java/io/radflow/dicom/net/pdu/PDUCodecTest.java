package io.radflow.dicom.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PDUCodecTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String IVLE = "1.2.840.10008.1.2";
    static final String EVLE = "1.2.840.10008.1.2.1";

    static AAssociateRQ sampleRQ() {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET("RADFLOW");
        rq.setCallingAET("STORESCU");
        rq.setMaxPDULength(32768);
        rq.setImplementationClassUID("1.2.826.0.1.3680043.10.1234");
        rq.setImplementationVersionName("RADFLOW_01");
        rq.setAsyncOpsWindow(5, 3);
        rq.addPresentationContext(PresentationContext.rq(1, "1.2.840.10008.1.1", IVLE));
        rq.addPresentationContext(PresentationContext.rq(3, CT, EVLE, IVLE, "1.2.840.10008.1.2.4.70"));
        rq.addRoleSelection(new RoleSelection(CT, true, false));
        rq.addExtendedNegotiation(new ExtendedNegotiation(CT, new byte[] {1, 0, 1}));
        rq.setUserIdentity(UserIdentityRQ.jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", true));
        return rq;
    }

    static byte[] body(byte[] pdu) {
        return Arrays.copyOfRange(pdu, 6, pdu.length);
    }

    @Test
    void associateRQRoundTripKeepsEverySubItem() throws IOException {
        byte[] pdu = PDUEncoder.encode(sampleRQ());
        assertThat(pdu[0]).isEqualTo((byte) PDUType.A_ASSOCIATE_RQ);
        AAssociateRQ rq = PDUDecoder.decodeAssociateRQ(body(pdu), pdu.length - 6);
        assertThat(rq.getCalledAET()).isEqualTo("RADFLOW");
        assertThat(rq.getCallingAET()).isEqualTo("STORESCU");
        assertThat(rq.getMaxPDULength()).isEqualTo(32768);
        assertThat(rq.getImplementationClassUID()).isEqualTo("1.2.826.0.1.3680043.10.1234");
        assertThat(rq.getImplementationVersionName()).isEqualTo("RADFLOW_01");
        assertThat(rq.getMaxOpsInvoked()).isEqualTo(5);
        assertThat(rq.getMaxOpsPerformed()).isEqualTo(3);
        assertThat(rq.getPresentationContext(3).transferSyntaxes())
                .containsExactly(EVLE, IVLE, "1.2.840.10008.1.2.4.70");
        assertThat(rq.getPresentationContext(3).abstractSyntax()).isEqualTo(CT);
        assertThat(rq.getRoleSelection(CT)).isEqualTo(new RoleSelection(CT, true, false));
        assertThat(rq.getExtendedNegotiations()).singleElement().satisfies(e -> assertThat(e.info())
                .containsExactly(1, 0, 1));
        assertThat(rq.getUserIdentity().type()).isEqualTo(UserIdentityRQ.JWT);
        assertThat(rq.getUserIdentity().positiveResponseRequested()).isTrue();
        assertThat(rq.getUserIdentity().primaryFieldAsString()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    }

    @Test
    void usernamePasscodeIdentity() throws IOException {
        AAssociateRQ rq = sampleRQ();
        rq.setUserIdentity(UserIdentityRQ.usernamePasscode("pacs", "secret".toCharArray(), false));
        byte[] pdu = PDUEncoder.encode(rq);
        UserIdentityRQ id =
                PDUDecoder.decodeAssociateRQ(body(pdu), pdu.length - 6).getUserIdentity();
        assertThat(id.type()).isEqualTo(UserIdentityRQ.USERNAME_PASSCODE);
        assertThat(id.primaryFieldAsString()).isEqualTo("pacs");
        assertThat(id.secondaryFieldAsString()).isEqualTo("secret");
    }

    @Test
    void associateACRoundTripWithServerResponse() throws IOException {
        AAssociateAC ac = new AAssociateAC();
        ac.setCalledAET("RADFLOW");
        ac.setCallingAET("STORESCU");
        ac.setMaxPDULength(0);
        ac.setImplementationClassUID("1.2.3");
        ac.addPresentationContext(PresentationContext.ac(1, PresentationContext.ACCEPTANCE, IVLE));
        ac.addPresentationContext(PresentationContext.ac(3, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, null));
        ac.setUserIdentity(new UserIdentityAC("token-ok".getBytes()));
        byte[] pdu = PDUEncoder.encode(ac);
        AAssociateAC back = PDUDecoder.decodeAssociateAC(body(pdu), pdu.length - 6);
        assertThat(back.getMaxPDULength()).isZero();
        assertThat(back.getPresentationContext(1).transferSyntax()).isEqualTo(IVLE);
        assertThat(back.getPresentationContext(3).result())
                .isEqualTo(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(new String(back.getUserIdentity().serverResponse())).isEqualTo("token-ok");
    }

    @Test
    void rejectAbortAndRelease() throws IOException {
        byte[] rj = PDUEncoder.encode(new AAssociateRJ(1, 1, 3));
        assertThat(rj).containsExactly(3, 0, 0, 0, 0, 4, 0, 1, 1, 3);
        assertThat(PDUDecoder.decodeAssociateRJ(body(rj), 4)).isEqualTo(new AAssociateRJ(1, 1, 3));
        byte[] ab = PDUEncoder.encode(AAbort.provider(AAbort.UNRECOGNIZED_PDU));
        assertThat(ab).containsExactly(7, 0, 0, 0, 0, 4, 0, 0, 2, 1);
        assertThat(PDUEncoder.releaseRQ()).containsExactly(5, 0, 0, 0, 0, 4, 0, 0, 0, 0);
        assertThat(PDUEncoder.releaseRP()).containsExactly(6, 0, 0, 0, 0, 4, 0, 0, 0, 0);
    }

    @Test
    void readerRejectsUnknownTypeOversizeAndTruncation() {
        assertThatThrownBy(
                        () -> new PDUReader(new ByteArrayInputStream(new byte[] {9, 0, 0, 0, 0, 4, 0, 0, 0, 0}), 16384)
                                .next())
                .isInstanceOfSatisfying(
                        PDUException.class, e -> assertThat(e.abortReason()).isEqualTo(AAbort.UNRECOGNIZED_PDU));
        assertThatThrownBy(() -> new PDUReader(new ByteArrayInputStream(new byte[] {4, 0, 0, 1, 0, 0}), 16384).next())
                .isInstanceOfSatisfying(
                        PDUException.class, e -> assertThat(e.problem()).contains("exceeds the limit"));
        assertThatThrownBy(() ->
                        new PDUReader(new ByteArrayInputStream(new byte[] {4, 0, 0, 0, 0, 100, 1, 2}), 16384).next())
                .isInstanceOfSatisfying(
                        PDUException.class, e -> assertThat(e.problem()).contains("closed after 2 of 100"));
        assertThatThrownBy(() -> new PDUReader(
                                new ByteArrayInputStream(new byte[] {5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0}), 16384)
                        .next())
                .isInstanceOf(PDUException.class);
        assertThatThrownBy(
                        () -> new PDUReader(new ByteArrayInputStream(new byte[] {1, 0, 0x7f, 0, 0, 0}), 16384).next())
                .isInstanceOf(PDUException.class);
    }

    @Test
    void decoderRejectsWrongItemLengths() {
        byte[] pdu = PDUEncoder.encode(sampleRQ());
        byte[] b = body(pdu);
        b[68 + 2] = (byte) 0x7f; // application context item length far beyond the PDU
        assertThatThrownBy(() -> PDUDecoder.decodeAssociateRQ(b, b.length))
                .isInstanceOfSatisfying(
                        PDUException.class, e -> assertThat(e.offset()).isEqualTo(6 + 68 + 2));
        assertThatThrownBy(() -> PDUDecoder.decodeAssociateRQ(b, 40)).isInstanceOf(PDUException.class);
    }
}
