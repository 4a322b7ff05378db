package io.radflow.ingest.dimse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.DicomServer;
import io.radflow.ingest.audit.InstanceAudit;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.service.security.JwtUserIdentityValidator;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The DICOM receiver: C-ECHO and C-STORE SCP (any storage SOP class, stored in the transfer syntax
 * received) with AE title {@code radflow.ingest.dicom.ae-title} and the further called AE titles of {@code
 * radflow.ingest.dicom.called-aes} (each with its own calling-AE allow-list), on a plain TCP port ({@code
 * radflow.ingest.dicom.port}) and, when enabled, a DICOM TLS port ({@code radflow.ingest.dicom.tls.port},
 * 2762 by convention) with server and client certificates. Who may associate is decided by {@link
 * AssociationPolicy} (calling AE allow-list, hosts, free space, JWT user identity).
 */
@ApplicationScoped
public class DicomListener {
    private static final Logger LOG = Logger.getLogger(DicomListener.class);

    private final IngestConfig config;
    private final InstanceIngest ingest;
    private final IngestMetrics metrics;
    private final InstanceAudit audit;
    private final JwtUserIdentityValidator validator;
    private final List<DicomServer> servers = new CopyOnWriteArrayList<>();

    DicomListener(
            IngestConfig config,
            InstanceIngest ingest,
            IngestMetrics metrics,
            InstanceAudit audit,
            JwtUserIdentityValidator validator) {
        this.config = config;
        this.ingest = ingest;
        this.metrics = metrics;
        this.audit = audit;
        this.validator = validator;
    }

    void start(@Observes StartupEvent ev) {
        IngestConfig.Dicom d = config.dicom();
        if (!d.enabled()) {
            return;
        }
        AssociationPolicy policy = new AssociationPolicy(d, ingest, metrics, audit, validator);
        IngestConfig.Tls tls = d.tls();
        // the TLS settings are checked before any port is bound: a bad key store stops the start cleanly
        Connection tlsConn = !tls.enabled()
                ? null
                : new Connection(d.host(), tls.port())
                        .setSslContext(DicomTls.sslContext(tls))
                        .setTlsProtocols(tls.protocols().toArray(String[]::new))
                        .setTlsNeedClientAuth(tls.clientAuth() == IngestConfig.ClientAuth.REQUIRED)
                        .setTlsWantClientAuth(tls.clientAuth() == IngestConfig.ClientAuth.OPTIONAL);
        try {
            if (d.plainEnabled()) {
                listen(new Connection(d.host(), d.port()), policy);
            }
            if (tlsConn != null) {
                listen(tlsConn, policy);
            }
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
        metrics.registry().gauge("radflow.ingest.dicom.rejections", servers, l -> l.stream()
                .mapToLong(DicomServer::getRejections)
                .sum());
    }

    private void listen(Connection conn, AssociationPolicy policy) {
        IngestConfig.Dicom d = config.dicom();
        conn.setTcpNoDelay(true);
        // one server per port serves every called AE; the association limit counts them all
        DicomServer server =
                new DicomServer(conn).setMaxAssociations(d.maxAssociations()).setRejectionListener(policy);
        DimseStoreHandler store = new DimseStoreHandler(ingest, audit, policy);
        for (String title : policy.calledAeTitles()) {
            server.addApplicationEntity(
                    new ApplicationEntity(title).setStoreHandler(store).setUserIdentityNegotiator(policy));
        }
        try {
            servers.add(server.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + conn, e);
        }
        for (String title : policy.calledAeTitles()) {
            LOG.infof(
                    "DICOM %s listening on %s, %s, user identity %s",
                    title, conn, policy.describe(title), d.userIdentity().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Graceful stop: refuses new connections at once, lets open associations go on for {@code
     * dicom.shutdown-grace} (every instance they send is stored and answered as usual), then aborts those
     * still open. Runs before the other stop observers (audit flush 2900, default 2500), so that what is
     * stored meanwhile is audited and indexed with everything still running.
     */
    void stop(@Observes @Priority(2000) ShutdownEvent ev) {
        long deadline = System.nanoTime() + config.dicom().shutdownGrace().toNanos();
        try {
            for (DicomServer s : servers) {
                s.stopAccepting();
            }
            int open = openAssociations();
            if (open > 0) {
                LOG.infof(
                        "DICOM listener stopping: %d open association(s) may go on for up to %d s",
                        open, config.dicom().shutdownGrace().toSeconds());
                for (DicomServer s : servers) {
                    s.awaitAssociations(deadline);
                }
                int left = openAssociations();
                if (left > 0) {
                    LOG.warnf(
                            "DICOM listener stopping: aborting %d association(s) still open after %d s",
                            left, config.dicom().shutdownGrace().toSeconds());
                }
            }
        } catch (IOException e) {
            LOG.warnf("stopping the DICOM listener: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
    }

    private int openAssociations() {
        return servers.stream().mapToInt(DicomServer::getOpenAssociations).sum();
    }

    private void closeAll() {
        for (DicomServer s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.warnf("closing the DICOM listener: %s", e.toString());
            }
        }
        servers.clear();
    }

    /** Associations and TLS handshakes refused since start (allow-list, identity, limits). */
    public long rejections() {
        return servers.stream().mapToLong(DicomServer::getRejections).sum();
    }
}
