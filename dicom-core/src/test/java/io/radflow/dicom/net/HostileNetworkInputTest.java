package io.radflow.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PDUType;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers: truncated PDUs, wrong lengths, unknown PDU types, a peer that stops mid-PDU, a
 * flood of association requests, seeded random garbage. The server answers with A-ABORT or closes,
 * keeps serving, and leaks no thread or file descriptor.
 */
class HostileNetworkInputTest {
    @TempDir
    Path tmp;

    DicomServer scp;
    int port;

    @BeforeEach
    void start() throws Exception {
        ApplicationEntity ae =
                new ApplicationEntity("RADFLOW").setStoreHandler(new FolderStoreHandler(tmp.resolve("in"), false));
        Connection conn = new Connection("127.0.0.1", 0)
                .setArtimTimeout(Duration.ofMillis(500))
                .setIdleTimeout(Duration.ofSeconds(2));
        scp = new DicomServer(conn, ae).start();
        port = scp.getLocalPort();
        assertEchoWorks(); // warms up the virtual thread scheduler before counting
    }

    @AfterEach
    void stop() throws Exception {
        scp.close();
    }

    private void assertEchoWorks() throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET("RADFLOW");
        rq.addPresentationContext(PresentationContext.rq(1, UID.Verification, UID.ImplicitVRLittleEndian));
        try (Association as = new ApplicationEntity("CHECK").connect(new Connection("127.0.0.1", port), rq)) {
            assertThat(as.cecho()).isZero();
        }
    }

    private void awaitIdle() {
        NetTestSupport.await("all connections closed", Duration.ofSeconds(20), () -> scp.getOpenConnections() == 0);
    }

    @Test
    void malformedPDUsEndInAbortOrClose() throws Exception {
        byte[] rq = RawPeer.echoRQ("RADFLOW");
        // truncated: the header promises more than is sent, then the peer half-closes
        try (RawPeer p = new RawPeer(port)) {
            p.send(Arrays.copyOf(rq, 40));
            p.socket.shutdownOutput();
            assertThat(p.readUntilClosed()).isIn("", "7", "R");
        }
        // wrong item length inside the A-ASSOCIATE-RQ
        try (RawPeer p = new RawPeer(port)) {
            byte[] bad = rq.clone();
            bad[6 + 68 + 2] = 0x7f;
            p.send(bad);
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ABORT);
        }
        // unknown PDU type
        try (RawPeer p = new RawPeer(port)) {
            p.send(new byte[] {0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4});
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ABORT);
            assertThat(p.lastBody[3]).isEqualTo((byte) 1); // unrecognized PDU
        }
        // P-DATA before association, and A-RELEASE-RQ with a wrong length
        try (RawPeer p = new RawPeer(port)) {
            p.send(new byte[] {0x04, 0, 0, 0, 0, 6, 0, 0, 0, 2, 1, 3});
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ABORT);
        }
        // established, then a PDV item whose length exceeds its PDU, then an unknown PDU type
        try (RawPeer p = new RawPeer(port)) {
            p.send(rq);
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
            p.send(ByteBuffer.allocate(16)
                    .put((byte) 4)
                    .put((byte) 0)
                    .putInt(10)
                    .putInt(500)
                    .put((byte) 1)
                    .put((byte) 3)
                    .array());
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ABORT);
        }
        try (RawPeer p = new RawPeer(port)) {
            p.send(rq);
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
            p.send(new byte[] {(byte) 0x99, 0, 0, 0, 0, 0});
            assertThat(p.readPDU()).isEqualTo(PDUType.A_ABORT);
        }
        awaitIdle();
        assertEchoWorks();
    }

    @Test
    void peerThatStopsMidPDUIsDroppedAfterTheTimers() throws Exception {
        byte[] rq = RawPeer.echoRQ("RADFLOW");
        try (RawPeer before = new RawPeer(port);
                RawPeer during = new RawPeer(port)) {
            before.send(Arrays.copyOf(rq, 30)); // ARTIM runs: no complete A-ASSOCIATE-RQ
            during.send(rq);
            assertThat(during.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
            during.send(new byte[] {4, 0, 0, 0, 0, 100, 0, 0}); // idle timeout runs inside a P-DATA-TF
            assertThat(before.readUntilClosed()).isIn("", "7", "R");
            assertThat(during.readUntilClosed()).isIn("", "7", "R");
        }
        awaitIdle();
    }

    @Test
    void floodOfAssociationRequestsLeaksNothing() throws Exception {
        int fds = NetTestSupport.openFileDescriptors();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        byte[] rq = RawPeer.echoRQ("RADFLOW");
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int kind = i % 3;
                fs.add(ex.submit(() -> {
                    try (RawPeer p = new RawPeer(port)) {
                        if (kind == 0) {
                            p.send(rq); // request, then vanish without release
                            p.readPDU();
                        } else if (kind == 1) {
                            p.send(Arrays.copyOf(rq, 50)); // stop mid-PDU
                        }
                        // kind 2: connect and close at once
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        awaitIdle();
        assertEchoWorks();
        awaitIdle();
        NetTestSupport.await("file descriptors back to " + fds, Duration.ofSeconds(10), () -> uncheckedFds() <= fds);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads);
    }

    @Test
    void seededGarbageAfterAValidRequest() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261121L);
        byte[] rq = RawPeer.echoRQ("RADFLOW");
        for (int i = 0; i < 60; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(garbage);
            if (i % 2 == 0) {
                garbage[0] = (byte) (1 + rnd.nextInt(7)); // a known PDU type with random content
            }
            try (RawPeer p = new RawPeer(port)) {
                if (i % 3 != 0) {
                    p.send(rq);
                    assertThat(p.readPDU()).isEqualTo(PDUType.A_ASSOCIATE_AC);
                }
                p.send(garbage);
                p.socket.shutdownOutput();
                assertThat(p.readUntilClosed()).matches("[0-9R]*");
            }
        }
        awaitIdle();
        assertEchoWorks();
    }

    private static int uncheckedFds() {
        try {
            return NetTestSupport.openFileDescriptors();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
