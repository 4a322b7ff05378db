package io.radflow.dicom.net;

import static io.radflow.dicom.net.NetTestSupport.testFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAbort;
import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PDUType;
import io.radflow.dicom.net.pdu.PresentationContext;
import io.radflow.dicom.testing.Peers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections with the A-ASSOCIATE-RJ result/source/reason of PS3.8, and A-ABORT on oversize. */
class AssociationRejectionTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";

    @TempDir
    Path tmp;

    private static AAssociateRQ rq(String called, String cuid, String... ts) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET(called);
        rq.addPresentationContext(PresentationContext.rq(1, cuid, ts));
        return rq;
    }

    private DicomServer scp(ApplicationEntity ae) throws Exception {
        ae.setStoreHandler(new FolderStoreHandler(tmp.resolve("in"), false));
        return new DicomServer(new Connection("127.0.0.1", 0).setMaxPDULengthReceive(16384), ae).start();
    }

    @Test
    void unknownCallingAndCalledAETitles() throws Exception {
        try (DicomServer scp = scp(new ApplicationEntity("RADFLOW").acceptCallingAETitles("STORESCU"))) {
            Connection remote = new Connection("127.0.0.1", scp.getLocalPort());
            assertThatThrownBy(() -> new ApplicationEntity("INTRUDER")
                            .connect(remote, rq("RADFLOW", UID.Verification, UID.ImplicitVRLittleEndian)))
                    .isInstanceOfSatisfying(AAssociateRJException.class, e -> assertThat(e.getRJ())
                            .isEqualTo(new AAssociateRJ(1, 1, AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED)));
            assertThatThrownBy(() -> new ApplicationEntity("STORESCU")
                            .connect(remote, rq("NOBODY", UID.Verification, UID.ImplicitVRLittleEndian)))
                    .isInstanceOfSatisfying(AAssociateRJException.class, e -> assertThat(e.getRJ())
                            .isEqualTo(new AAssociateRJ(1, 1, AAssociateRJ.REASON_CALLED_AET_NOT_RECOGNIZED)));
            try (Association as = new ApplicationEntity("STORESCU")
                    .connect(remote, rq("RADFLOW", UID.Verification, UID.ImplicitVRLittleEndian))) {
                assertThat(as.cecho()).isZero();
            }
            Peers.require("echoscu", "dcmtk");
            Path log = tmp.resolve("echoscu.log");
            int rc = NetTestSupport.run(
                    log,
                    "echoscu",
                    "-aet",
                    "INTRUDER",
                    "-aec",
                    "RADFLOW",
                    "127.0.0.1",
                    String.valueOf(scp.getLocalPort()));
            assertThat(rc).isNotZero();
            assertThat(NetTestSupport.read(log)).contains("Calling AE Title Not Recognized");
            assertThat(scp.getRejections()).isEqualTo(3);
        }
    }

    @Test
    void unsupportedAbstractAndTransferSyntaxes() throws Exception {
        ApplicationEntity ae = new ApplicationEntity("CTONLY")
                .setTransferCapabilities(
                        TransferCapability.of(CT, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
        try (DicomServer scp = scp(ae)) {
            AAssociateRQ rq = rq("CTONLY", MR, UID.ImplicitVRLittleEndian);
            rq.addPresentationContext(PresentationContext.rq(3, CT, "1.2.840.10008.1.2.4.50"));
            rq.addPresentationContext(
                    PresentationContext.rq(5, CT, "1.2.840.10008.1.2.4.50", UID.ExplicitVRLittleEndian));
            try (Association as =
                    new ApplicationEntity("SCU").connect(new Connection("127.0.0.1", scp.getLocalPort()), rq)) {
                assertThat(as.getAAssociateAC().getPresentationContext(1).result())
                        .isEqualTo(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
                assertThat(as.getAAssociateAC().getPresentationContext(3).result())
                        .isEqualTo(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED);
                assertThat(as.getAAssociateAC().getPresentationContext(5).transferSyntax())
                        .isEqualTo(UID.ExplicitVRLittleEndian);
            }
            Peers.require("storescu", "dcmtk");
            Path log = tmp.resolve("storescu.log");
            int rc = NetTestSupport.run(
                    log,
                    "storescu",
                    "-aec",
                    "CTONLY",
                    "127.0.0.1",
                    String.valueOf(scp.getLocalPort()),
                    testFile("MR_small.dcm").toString());
            assertThat(rc).isNotZero();
            assertThat(NetTestSupport.read(log)).contains("No presentation context");
        }
    }

    @Test
    void associationLimitRejectsTransiently() throws Exception {
        try (DicomServer scp = scp(new ApplicationEntity("ONE").setMaxAssociations(1))) {
            Connection remote = new Connection("127.0.0.1", scp.getLocalPort());
            try (Association first = new ApplicationEntity("A")
                    .connect(remote, rq("ONE", UID.Verification, UID.ImplicitVRLittleEndian))) {
                assertThatThrownBy(() -> new ApplicationEntity("B")
                                .connect(remote, rq("ONE", UID.Verification, UID.ImplicitVRLittleEndian)))
                        .isInstanceOfSatisfying(AAssociateRJException.class, e -> assertThat(e.getRJ())
                                .isEqualTo(new AAssociateRJ(2, 3, AAssociateRJ.REASON_LOCAL_LIMIT_EXCEEDED)));
                assertThat(first.cecho()).isZero();
            }
            NetTestSupport.await(
                    "association closed", java.time.Duration.ofSeconds(10), () -> scp.getOpenConnections() == 0);
            try (Association again = new ApplicationEntity("B")
                    .connect(remote, rq("ONE", UID.Verification, UID.ImplicitVRLittleEndian))) {
                assertThat(again.cecho()).isZero();
            }
        }
    }

    @Test
    void oversizedPDUsAreAborted() throws Exception {
        try (DicomServer scp = scp(new ApplicationEntity("RADFLOW"))) {
            scp.addApplicationEntity(new ApplicationEntity("SMALLPDU").setMaxPDULengthReceive(4096));
            try (RawPeer peer = new RawPeer(scp.getLocalPort())) {
                peer.send(RawPeer.echoRQ("RADFLOW"));
                assertThat(peer.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
                int len = 16384 + 1024; // beyond the announced maximum of 16384
                ByteBuffer pdata = ByteBuffer.allocate(6 + len)
                        .put((byte) 4)
                        .put((byte) 0)
                        .putInt(len)
                        .putInt(len - 4)
                        .put((byte) 1)
                        .put((byte) 3);
                peer.send(pdata.array());
                assertThat(peer.readPDU()).isEqualTo(PDUType.A_ABORT);
                assertThat(peer.lastBody[2]).isEqualTo((byte) AAbort.UL_SERVICE_PROVIDER);
                assertThat(peer.lastBody[3]).isEqualTo((byte) AAbort.INVALID_PDU_PARAMETER_VALUE);
                assertThat(peer.readUntilClosed()).isIn("", "R");
            }
            try (RawPeer peer = new RawPeer(scp.getLocalPort())) {
                peer.send(RawPeer.echoRQ("SMALLPDU"));
                assertThat(peer.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
                assertThat(peer.lastBody).containsSequence(0x51, 0, 0, 4, 0, 0, 0x10, 0); // max length 4096
                int len = 8192; // fine for the server, too large for this AE
                peer.send(ByteBuffer.allocate(6 + len)
                        .put((byte) 4)
                        .put((byte) 0)
                        .putInt(len)
                        .putInt(len - 4)
                        .put((byte) 1)
                        .put((byte) 3)
                        .array());
                assertThat(peer.readPDU()).isEqualTo(PDUType.A_ABORT);
            }
            try (RawPeer peer = new RawPeer(scp.getLocalPort())) {
                peer.send(new byte[] {1, 0, 0x10, 0, 0, 0}); // a 256 MiB A-ASSOCIATE-RQ
                assertThat(peer.readPDU()).isEqualTo(PDUType.A_ABORT);
            }
        }
    }
}
