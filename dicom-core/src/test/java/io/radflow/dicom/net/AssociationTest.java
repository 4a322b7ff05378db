package io.radflow.dicom.net;

import static io.radflow.dicom.net.NetTestSupport.testFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PresentationContext;
import io.radflow.dicom.net.pdu.UserIdentityAC;
import io.radflow.dicom.net.pdu.UserIdentityRQ;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Radflow's SCU against Radflow's SCP: echo, store, status mapping, conversion, user identity. */
class AssociationTest {
    static final String EVLE = "1.2.840.10008.1.2.1";
    static final String IVLE = "1.2.840.10008.1.2";

    @TempDir
    Path tmp;

    private static AAssociateRQ echoRQ(String called) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET(called);
        rq.addPresentationContext(PresentationContext.rq(1, UID.Verification, IVLE));
        return rq;
    }

    @Test
    void echoAndStoreStreamTheDataSetUnchangedToDisk() throws Exception {
        Path in = tmp.resolve("in");
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", in)) {
            ApplicationEntity scu = new ApplicationEntity("SCU");
            Connection remote = new Connection("127.0.0.1", scp.getLocalPort());
            try (Association as = scu.connect(remote, echoRQ("RADFLOW"))) {
                assertThat(as.cecho()).isEqualTo(Status.Success);
                assertThat(as.cecho()).isEqualTo(Status.Success);
            }
            List<Path> files = List.of(testFile("CT_small.dcm"), testFile("MR_small_RLE.dcm"), testFile("rtplan.dcm"));
            StoreSCU storeSCU = new StoreSCU(scu, remote, "RADFLOW");
            List<StoreSCU.Result> results = storeSCU.send(StoreSCU.scan(files), 1);
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
            for (Path f : files) {
                FileMetaInformation fmi = fmi(f);
                Path got = in.resolve(fmi.sopInstanceUID() + ".dcm");
                assertThat(fmi(got)).isEqualTo(fmi);
                assertThat(dataset(got)).isEqualTo(dataset(f));
            }
            assertThat(in).isDirectoryNotContaining("glob:**.part");
        }
    }

    @Test
    void explicitVRIsConvertedWhenThePeerAcceptsOnlyImplicitVR() throws Exception {
        Path in = tmp.resolve("in");
        ApplicationEntity ae = new ApplicationEntity("IMPLICIT")
                .setTransferCapabilities(TransferCapability.of(TransferCapability.STORAGE_ROOT + "*", IVLE))
                .setStoreHandler(new FolderStoreHandler(in, false));
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start()) {
            List<Path> files = List.of(testFile("CT_small.dcm"), testFile("test-SR.dcm"), testFile("liver_1frame.dcm"));
            StoreSCU storeSCU = new StoreSCU(
                    new ApplicationEntity("SCU"), new Connection("127.0.0.1", scp.getLocalPort()), "IMPLICIT");
            assertThat(storeSCU.send(StoreSCU.scan(files), 2))
                    .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
            for (Path f : files) {
                assertThat(fmi(in.resolve(fmi(f).sopInstanceUID() + ".dcm")).transferSyntaxUID())
                        .isEqualTo(IVLE);
            }
            NetTestSupport.assertSameDatasets(in, files);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm"})
    void otherNativeSyntaxesAreConvertedToExplicitVRWithTheCoreReaderAndWriter(String file) throws Exception {
        Path in = tmp.resolve("in");
        ApplicationEntity ae = new ApplicationEntity("EXPLICIT")
                .setTransferCapabilities(TransferCapability.of(TransferCapability.STORAGE_ROOT + "*", EVLE))
                .setStoreHandler(new FolderStoreHandler(in, false));
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start()) {
            List<Path> files = List.of(testFile(file));
            StoreSCU storeSCU = new StoreSCU(
                    new ApplicationEntity("SCU"), new Connection("127.0.0.1", scp.getLocalPort()), "EXPLICIT");
            assertThat(storeSCU.send(StoreSCU.scan(files), 1))
                    .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
            assertThat(fmi(in.resolve(fmi(files.get(0)).sopInstanceUID() + ".dcm"))
                            .transferSyntaxUID())
                    .isEqualTo(EVLE);
            NetTestSupport.assertSameDatasets(in, files);
        }
    }

    @Test
    void twoHundredConcurrentAssociations() throws Exception {
        Path in = tmp.resolve("in");
        ApplicationEntity ae = new ApplicationEntity("RADFLOW").setStoreHandler(new FolderStoreHandler(in, false));
        int n = 200;
        java.util.concurrent.CountDownLatch allOpen = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        List<StoreSCU.Instance> ct = StoreSCU.scan(List.of(testFile("CT_small.dcm")));
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start();
                var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            StoreSCU scu = new StoreSCU(
                    new ApplicationEntity("SCU"), new Connection("127.0.0.1", scp.getLocalPort()), "RADFLOW");
            List<java.util.concurrent.Future<Integer>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(ex.submit(() -> {
                    try (Association as = new ApplicationEntity("SCU")
                            .connect(new Connection("127.0.0.1", scp.getLocalPort()), scu.associateRQ(ct))) {
                        allOpen.countDown();
                        allOpen.await();
                        peak.accumulateAndGet(ae.getActiveAssociations(), Math::max);
                        return scu.store(as, ct.get(0)).status();
                    }
                }));
            }
            for (var f : fs) {
                assertThat(f.get()).isZero();
            }
        }
        assertThat(peak.get()).isEqualTo(n);
        assertThat(in).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void handlerResultDecidesTheStatus() throws Exception {
        AtomicReference<Exception> toThrow = new AtomicReference<>();
        ApplicationEntity ae = new ApplicationEntity("STATUS").setStoreHandler((rq, data) -> {
            data.readNBytes(100); // read only part: the SCP drains the rest
            Exception e = toThrow.get();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            return Status.CoercionOfDataElements;
        });
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start()) {
            StoreSCU scu = new StoreSCU(
                    new ApplicationEntity("SCU"), new Connection("127.0.0.1", scp.getLocalPort()), "STATUS");
            List<StoreSCU.Instance> ct = StoreSCU.scan(List.of(testFile("CT_small.dcm")));
            assertThat(scu.send(ct, 1).get(0).status()).isEqualTo(Status.CoercionOfDataElements);
            toThrow.set(new IOException("No space left on device"));
            StoreSCU.Result full = scu.send(ct, 1).get(0);
            assertThat(full.status()).isEqualTo(Status.OutOfResources);
            assertThat(full.error()).isEqualTo("No space left on device");
            toThrow.set(new DicomServiceException(0xA900, "not a CT"));
            assertThat(scu.send(ct, 1).get(0).status()).isEqualTo(0xA900);
            toThrow.set(new IllegalStateException("parser"));
            assertThat(scu.send(ct, 1).get(0).status()).isEqualTo(Status.CannotUnderstand);
        }
    }

    @Test
    void jwtUserIdentityGetsTheServerResponse() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        ApplicationEntity ae = new ApplicationEntity("SECURE").setUserIdentityNegotiator((rq, addr) -> {
            UserIdentityRQ id = rq.getUserIdentity();
            if (id == null
                    || id.type() != UserIdentityRQ.JWT
                    || !id.primaryFieldAsString().startsWith("eyJ")) {
                throw new AAssociateRJException(1, 1, 1);
            }
            seen.set(id.primaryFieldAsString());
            return new UserIdentityAC("accepted".getBytes());
        });
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start()) {
            Connection remote = new Connection("127.0.0.1", scp.getLocalPort());
            AAssociateRQ rq = echoRQ("SECURE");
            rq.setUserIdentity(UserIdentityRQ.jwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJwYWNzIn0.", true));
            try (Association as = new ApplicationEntity("PACS").connect(remote, rq)) {
                assertThat(new String(as.getAAssociateAC().getUserIdentity().serverResponse()))
                        .isEqualTo("accepted");
                assertThat(as.cecho()).isZero();
            }
            assertThat(seen.get()).startsWith("eyJhbGciOiJub25lIn0");
            AAssociateRQ bad = echoRQ("SECURE");
            bad.setUserIdentity(UserIdentityRQ.usernamePasscode("pacs", "wrong".toCharArray(), true));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ApplicationEntity("PACS").connect(remote, bad))
                    .isInstanceOfSatisfying(
                            AAssociateRJException.class,
                            e -> assertThat(e.getRJ().reason()).isEqualTo(1));
        }
    }

    static FileMetaInformation fmi(Path f) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            return FileMetaInformation.read(in);
        }
    }

    static byte[] dataset(Path f) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            FileMetaInformation.read(in);
            return in.readAllBytes();
        }
    }

    @Test
    void gracefulStopRefusesNewConnectionsLetsOpenAssociationsFinishThenAbortsTheRest() throws Exception {
        Path in = tmp.resolve("in");
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", in)) {
            ApplicationEntity scu = new ApplicationEntity("SCU");
            Connection remote = new Connection("127.0.0.1", scp.getLocalPort());
            Association busy = scu.connect(remote, echoRQ("RADFLOW"));
            Association idle = scu.connect(remote, echoRQ("RADFLOW"));
            scp.stopAccepting();
            assertThat(scp.getOpenAssociations()).isEqualTo(2);
            // new connections are refused; the open associations still work
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> scu.connect(remote, echoRQ("RADFLOW")))
                    .isInstanceOf(IOException.class);
            assertThat(busy.cecho()).isEqualTo(Status.Success);
            assertThat(scp.awaitAssociations(System.nanoTime() + 200_000_000L)).isFalse();
            // one peer releases: only the other one is left when the grace period ends
            busy.release();
            assertThat(scp.awaitAssociations(System.nanoTime() + 300_000_000L)).isFalse();
            // the released one's thread ends meanwhile
            assertThat(scp.awaitAssociations(1, System.nanoTime() + 10_000_000_000L))
                    .isTrue();
            assertThat(scp.getOpenAssociations()).isEqualTo(1);
            // close() aborts it and returns when its thread has ended
            scp.close();
            assertThat(idle.awaitClose(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(scp.getOpenAssociations()).isZero();
            idle.close();
        }
    }

    @Test
    void awaitAssociationsReturnsOnceTheLastPeerReleased() throws Exception {
        try (DicomServer scp = NetTestSupport.storeSCP("RADFLOW", tmp.resolve("in"))) {
            ApplicationEntity scu = new ApplicationEntity("SCU");
            Association as = scu.connect(new Connection("127.0.0.1", scp.getLocalPort()), echoRQ("RADFLOW"));
            scp.stopAccepting();
            var waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return scp.awaitAssociations(System.nanoTime() + 30_000_000_000L);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            as.release();
            assertThat(waiter.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(scp.getOpenAssociations()).isZero();
        }
    }
}
