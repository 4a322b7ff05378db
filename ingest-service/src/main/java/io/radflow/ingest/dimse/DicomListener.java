package io.radflow.ingest.dimse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.net.AAssociateRJException;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.DicomServer;
import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.InstanceIngest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The DICOM receiver: C-ECHO and C-STORE SCP (any storage SOP class, stored in the transfer syntax
 * received) on {@code radflow.ingest.dicom.host:port} with AE title {@code
 * radflow.ingest.dicom.ae-title}, accepting the calling AE titles of the allow-list. While the
 * archive is below its free-space limit, associations are rejected (transient, local limit
 * exceeded).
 */
@ApplicationScoped
public class DicomListener {
    private static final Logger LOG = Logger.getLogger(DicomListener.class);

    private final IngestConfig config;
    private final InstanceIngest ingest;
    private final IngestMetrics metrics;
    private DicomServer server;

    DicomListener(IngestConfig config, InstanceIngest ingest, IngestMetrics metrics) {
        this.config = config;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ev) {
        IngestConfig.Dicom d = config.dicom();
        if (!d.enabled()) {
            return;
        }
        ApplicationEntity ae = new ApplicationEntity(d.aeTitle());
        List<String> allowed = d.acceptedCallingAeTitles();
        if (!allowed.contains("*")) {
            ae.acceptCallingAETitles(allowed.toArray(String[]::new));
        }
        ae.setMaxAssociations(d.maxAssociations());
        ae.setStoreHandler(new DimseStoreHandler(ingest));
        // the user identity hook is the acceptor's last word on an association: refuse while the disk is full
        ae.setUserIdentityNegotiator((rq, remote) -> {
            if (!ingest.hasRoom()) {
                metrics.rejectedAssociation("disk-full");
                LOG.warnf(
                        "association from %s (%s) refused: archive below free-space limit", rq.getCallingAET(), remote);
                throw new AAssociateRJException(
                        AAssociateRJ.RESULT_REJECTED_TRANSIENT,
                        AAssociateRJ.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                        AAssociateRJ.REASON_LOCAL_LIMIT_EXCEEDED);
            }
            return null;
        });
        Connection conn = new Connection(d.host(), d.port()).setTcpNoDelay(true);
        try {
            server = new DicomServer(conn, ae).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + d.host() + ":" + d.port(), e);
        }
        LOG.infof("DICOM %s listening on %s:%d, calling AE titles %s", d.aeTitle(), d.host(), d.port(), allowed);
    }

    void stop(@Observes ShutdownEvent ev) throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Associations refused since start (unknown calling AE, limits). */
    public long rejections() {
        return server == null ? 0 : server.getRejections();
    }
}
