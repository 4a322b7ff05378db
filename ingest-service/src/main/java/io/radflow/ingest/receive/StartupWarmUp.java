package io.radflow.ingest.receive;

import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Association;
import io.radflow.dicom.net.Commands;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.DicomServer;
import io.radflow.dicom.net.FileMetaInformation;
import io.radflow.dicom.net.Status;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.service.warmup.SyntheticCt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Start-up warm-up (issue 23): before readiness turns UP, synthetic CT instances are sent by C-STORE over
 * a private loopback association and run through {@link InstanceIngest#rehearse} — received and staged with
 * their SHA-256, validated, the DICOM
 * JSON metadata built, the index statements run in a transaction that is rolled back, the staged file
 * discarded — so that the JIT compiles those paths before the first real study arrives instead of while
 * it does. Nothing is stored, indexed, announced or audited. It runs on one thread for at most {@code
 * radflow.ingest.warm-up.max-duration} or {@code instances} instances, whichever comes first; readiness
 * ({@code WarmUpReadinessCheck}) waits for it. A failure (e.g. PostgreSQL not reachable yet) ends the
 * warm-up early with a log line; it never stops the service.
 */
@ApplicationScoped
public class StartupWarmUp {
    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);
    /** The calling AE title the rehearsals are attributed to (never an allowed sender). */
    static final String SOURCE = "RADFLOW-WARMUP";

    private final InstanceIngest ingest;
    private final IngestConfig.WarmUp config;
    private volatile boolean done;
    private volatile int rehearsed;
    private volatile String lastStudy;

    StartupWarmUp(InstanceIngest ingest, IngestConfig config) {
        this.ingest = ingest;
        this.config = config.warmUp();
        this.done = this.config.instances() <= 0;
    }

    void onStart(@Observes StartupEvent ev) {
        if (done) {
            return;
        }
        Thread.ofPlatform().name("ingest-warm-up").daemon().start(() -> {
            try {
                run(config.instances(), config.maxDuration());
            } finally {
                done = true;
            }
        });
    }

    /** Whether the warm-up has ended (or is off). */
    public boolean done() {
        return done;
    }

    /** Instances rehearsed so far. */
    public int rehearsed() {
        return rehearsed;
    }

    /** The Study Instance UID of the last synthetic study, or null. */
    public String lastStudy() {
        return lastStudy;
    }

    /**
     * Rehearses up to {@code instances} synthetic instances, for at most {@code max}; returns how many ran.
     * They travel as C-STOREs over one association to a private DICOM server on an ephemeral loopback port
     * (the same association, PDU and DIMSE code as the public listener, which is not involved), whose store
     * handler rehearses instead of storing. Stops at the first failure (logged).
     */
    public int run(int instances, Duration max) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        int size = config.imageSize();
        Attributes ds = SyntheticCt.image(size);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(size * size * 2 + 4096);
        java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        ApplicationEntity scp = new ApplicationEntity(SOURCE).setStoreHandler((rq, in) -> {
            try {
                ingest.rehearse(
                        new Source(Source.DIMSE, SOURCE, "warm-up-" + rq.messageID()),
                        rq.sopClassUID(),
                        rq.sopInstanceUID(),
                        rq.transferSyntaxUID(),
                        in);
                return Status.Success;
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                return Status.OutOfResources;
            }
        });
        int n = 0;
        try (DicomServer server = new DicomServer(new Connection("127.0.0.1", 0).setTcpNoDelay(true), scp).start()) {
            String first = UID.createUID();
            StoreSCU scu = new StoreSCU(new ApplicationEntity(SOURCE), null, SOURCE);
            Association as = new ApplicationEntity(SOURCE)
                    .connect(
                            new Connection("127.0.0.1", server.getLocalPort()).setTcpNoDelay(true),
                            scu.associateRQ(List.of(new StoreSCU.Instance(
                                    null,
                                    new FileMetaInformation(UID.CTImageStorage, first, UID.ExplicitVRLittleEndian)))));
            try {
                int pcid = as.pcidFor(UID.CTImageStorage, UID.ExplicitVRLittleEndian);
                for (; n < instances && System.nanoTime() < deadline; n++) {
                    if (n % 100 == 0) { // a new study every 100 instances, each a different variant
                        SyntheticCt.vary(ds, n / 100);
                        lastStudy = UID.createUID();
                        ds.setString(Tag.StudyInstanceUID, VR.UI, lastStudy);
                        ds.setString(Tag.SeriesInstanceUID, VR.UI, UID.createUID());
                    }
                    String iuid = n == 0 ? first : UID.createUID();
                    ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
                    ds.setInt(Tag.InstanceNumber, VR.IS, n % 100 + 1);
                    ds.setDouble(Tag.ImagePositionPatient, VR.DS, -200, -200, -(n % 100) * 1.25);
                    buf.reset();
                    try (DicomOutputStream out = new DicomOutputStream(buf, UID.ExplicitVRLittleEndian)) {
                        out.writeDataset(null, ds);
                    }
                    byte[] bytes = buf.toByteArray();
                    Attributes rsp = as.cstore(
                            pcid, UID.CTImageStorage, iuid, Commands.PRIORITY_MEDIUM, (out, ts) -> out.write(bytes));
                    if (failure.get() != null || !Status.isSuccessOrWarning(Commands.status(rsp))) {
                        throw failure.get() != null
                                ? failure.get()
                                : new IOException("status " + Integer.toHexString(Commands.status(rsp)));
                    }
                    rehearsed = n + 1;
                }
            } finally {
                as.release();
            }
            LOG.infof(
                    "warm-up: %d synthetic instances through the C-STORE path in %d ms (nothing stored)",
                    n, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | StackOverflowError e) {
            LOG.warnf("warm-up ended after %d instances: %s", n, e.toString());
        }
        return n;
    }
}
