package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;

/**
 * The acceptor: listens on one address and port (optionally DICOM TLS), runs each connection on its
 * own virtual thread, and routes association requests to the {@link ApplicationEntity} named by the
 * called AE title. Limits: open connections (beyond it new connections are closed at once) and
 * concurrent associations (beyond it A-ASSOCIATE-RJ transient, local limit exceeded).
 */
public final class DicomServer implements Closeable {
    private static final System.Logger LOG = System.getLogger(DicomServer.class.getName());

    private final Connection conn;
    private final Map<String, ApplicationEntity> aes = new ConcurrentHashMap<>();
    private final Set<Association> open = ConcurrentHashMap.newKeySet();
    /** Notified whenever an association leaves {@link #open} (its thread has ended). */
    private final Object openChanged = new Object();

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger associations = new AtomicInteger();
    private final AtomicLong rejections = new AtomicLong();
    private int maxConnections = 1000;
    private int maxAssociations;
    private volatile RejectionListener rejectionListener;
    private ServerSocket serverSocket;
    private Thread acceptor;

    public DicomServer(Connection conn, ApplicationEntity... aes) {
        this.conn = conn;
        for (ApplicationEntity ae : aes) {
            addApplicationEntity(ae);
        }
    }

    public DicomServer addApplicationEntity(ApplicationEntity ae) {
        ae.setConnection(conn);
        aes.put(ae.getAETitle(), ae);
        return this;
    }

    /** Open TCP connections allowed at once (associated or not); default 1000. */
    public DicomServer setMaxConnections(int max) {
        this.maxConnections = max;
        return this;
    }

    /** Concurrent associations over all AEs; 0 means no limit. */
    public DicomServer setMaxAssociations(int max) {
        this.maxAssociations = max;
        return this;
    }

    /** Binds and starts accepting. */
    public synchronized DicomServer start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket ss =
                conn.isTls() ? conn.getSslContext().getServerSocketFactory().createServerSocket() : new ServerSocket();
        try {
            if (ss instanceof SSLServerSocket sss) {
                sss.setEnabledProtocols(conn.getTlsProtocols());
                if (conn.isTlsNeedClientAuth()) {
                    sss.setNeedClientAuth(true);
                } else {
                    sss.setWantClientAuth(conn.isTlsWantClientAuth());
                }
            }
            ss.setReuseAddress(true);
            if (conn.getSocketBufferSize() > 0) {
                ss.setReceiveBufferSize(conn.getSocketBufferSize());
            }
            ss.bind(new InetSocketAddress(conn.getHostname(), conn.getPort()), 256);
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        serverSocket = ss;
        acceptor = Thread.ofPlatform()
                .daemon()
                .name("dicom-acceptor-" + getLocalPort())
                .start(this::acceptLoop);
        LOG.log(Level.INFO, "listening on {0}:{1} for {2}", conn.getHostname(), getLocalPort(), aes.keySet());
        return this;
    }

    private void acceptLoop() {
        ServerSocket ss = serverSocket;
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!ss.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed: {0}", e.toString());
                }
                continue;
            }
            if (ss.isClosed()) {
                // accepted in the moment the socket was being closed (a thread blocked in accept() keeps
                // the listening socket alive until it is signalled): refuse it like a closed port would
                closeQuietly(s);
                break;
            }
            if (connections.incrementAndGet() > maxConnections) {
                connections.decrementAndGet();
                rejections.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "too many connections ({0}), closing one from {1}",
                        maxConnections,
                        s.getInetAddress());
                closeQuietly(s);
                continue;
            }
            try {
                s.setTcpNoDelay(conn.isTcpNoDelay());
                if (conn.getSocketBufferSize() > 0) {
                    s.setSendBufferSize(conn.getSocketBufferSize());
                }
                Thread.ofVirtual().name("dicom-as-" + s.getPort()).start(() -> serve(s));
            } catch (IOException | RuntimeException e) {
                connections.decrementAndGet();
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        Association as = null;
        try {
            as = new Association(s, conn, false);
            open.add(as);
            as.serveAcceptor(this);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "connection failed: {0}", e.toString());
        } finally {
            if (as != null) {
                open.remove(as);
                synchronized (openChanged) {
                    openChanged.notifyAll();
                }
            }
            closeQuietly(s);
            connections.decrementAndGet();
        }
    }

    /** The AE the request is addressed to, counted against the server's association limit. */
    ApplicationEntity applicationEntity(AAssociateRQ rq) throws AAssociateRJException {
        ApplicationEntity ae = aes.get(rq.getCalledAET());
        if (ae == null) {
            throw new AAssociateRJException(
                    AAssociateRJ.RESULT_REJECTED_PERMANENT,
                    AAssociateRJ.SOURCE_SERVICE_USER,
                    AAssociateRJ.REASON_CALLED_AET_NOT_RECOGNIZED);
        }
        if (associations.incrementAndGet() > maxAssociations && maxAssociations > 0) {
            associations.decrementAndGet();
            throw new AAssociateRJException(
                    AAssociateRJ.RESULT_REJECTED_TRANSIENT,
                    AAssociateRJ.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AAssociateRJ.REASON_LOCAL_LIMIT_EXCEEDED);
        }
        return ae;
    }

    /** Told about every association this server rejects and every failed TLS handshake. */
    public interface RejectionListener {
        /**
         * An A-ASSOCIATE-RQ was answered with {@code rejection}'s A-ASSOCIATE-RJ (called AE not served,
         * calling AE or host not accepted, user identity refused, limits).
         */
        void associationRejected(String remoteAddress, AAssociateRQ rq, AAssociateRJException rejection);

        /** A TLS client failed the handshake (for example without a required client certificate). */
        void tlsHandshakeFailed(String remoteAddress, SSLException cause);
    }

    /** Listens to rejections (for logs, metrics, an audit trail); null for none. */
    public DicomServer setRejectionListener(RejectionListener listener) {
        this.rejectionListener = listener;
        return this;
    }

    void rejected(String remoteAddress, AAssociateRQ rq, AAssociateRJException e) {
        rejections.incrementAndGet();
        RejectionListener l = rejectionListener;
        if (l != null) {
            try {
                l.associationRejected(remoteAddress, rq, e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "rejection listener failed: {0}", ex.toString());
            }
        }
    }

    void tlsHandshakeFailed(String remoteAddress, SSLException e) {
        rejections.incrementAndGet();
        RejectionListener l = rejectionListener;
        if (l != null) {
            try {
                l.tlsHandshakeFailed(remoteAddress, e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "rejection listener failed: {0}", ex.toString());
            }
        }
    }

    /** Called by the association when it was counted and is now closed. */
    void associationClosed() {
        associations.decrementAndGet();
    }

    public int getLocalPort() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }

    /** Open TCP connections now (associated or still negotiating). */
    public int getOpenConnections() {
        return connections.get();
    }

    public long getRejections() {
        return rejections.get();
    }

    /**
     * Stops accepting connections (a peer that connects now is refused by the operating system); open
     * associations go on. Part of a graceful stop: {@code stopAccepting()}, {@link #awaitAssociations}, {@link
     * #close()}.
     */
    public synchronized void stopAccepting() throws IOException {
        if (serverSocket != null) {
            serverSocket.close();
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(10)); // no connection is served after this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Associations open now (established or being negotiated). */
    public int getOpenAssociations() {
        return open.size();
    }

    /**
     * Waits until every open association has ended (released or aborted by its peer), at most until {@code
     * deadline} ({@link System#nanoTime()}); returns whether none is left.
     */
    public boolean awaitAssociations(long deadline) throws InterruptedException {
        return awaitAssociations(0, deadline);
    }

    /**
     * Waits until at most {@code max} associations are open (their threads have ended), at most until {@code
     * deadline} ({@link System#nanoTime()}); returns whether that many or fewer are left.
     */
    public boolean awaitAssociations(int max, long deadline) throws InterruptedException {
        synchronized (openChanged) {
            while (open.size() > max) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(openChanged, left);
            }
            return true;
        }
    }

    /** Stops accepting, aborts every open association and waits for their threads. */
    @Override
    public synchronized void close() throws IOException {
        if (serverSocket == null) {
            return;
        }
        serverSocket.close();
        for (Association as : open) {
            as.abort();
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
            awaitAssociations(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)); // until their threads left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
