package io.radflow.dicom.net;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Network settings of one end of a DICOM connection: host and port (the bind address of an acceptor
 * or the peer address of a requestor), timeouts, PDU limits and optional TLS.
 */
public final class Connection {
    /** Default maximum P-DATA-TF PDU length this side receives. */
    public static final int DEFAULT_MAX_PDU_LENGTH = 65536;

    private String hostname = "127.0.0.1";
    private int port = 104;
    private int maxPDULengthReceive = DEFAULT_MAX_PDU_LENGTH;
    /** Upper bound for PDUs this side sends, applied also when the peer announces "unlimited". */
    private int maxPDULengthSend = 65536;

    private Duration artimTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ZERO;
    private boolean tcpNoDelay = true;
    private int socketBufferSize = 0;

    private SSLContext sslContext;
    private String[] tlsProtocols = {"TLSv1.3", "TLSv1.2"};
    private boolean tlsNeedClientAuth;
    private boolean tlsWantClientAuth;

    public Connection() {}

    public Connection(String hostname, int port) {
        this.hostname = Objects.requireNonNull(hostname);
        this.port = port;
    }

    public String getHostname() {
        return hostname;
    }

    public Connection setHostname(String hostname) {
        this.hostname = hostname;
        return this;
    }

    public int getPort() {
        return port;
    }

    public Connection setPort(int port) {
        this.port = port;
        return this;
    }

    public int getMaxPDULengthReceive() {
        return maxPDULengthReceive;
    }

    /** The maximum P-DATA-TF length announced to peers; larger PDUs abort the association. */
    public Connection setMaxPDULengthReceive(int max) {
        if (max < 1024 && max != 0) {
            throw new IllegalArgumentException("max PDU length must be 0 or >= 1024: " + max);
        }
        this.maxPDULengthReceive = max;
        return this;
    }

    public int getMaxPDULengthSend() {
        return maxPDULengthSend;
    }

    public Connection setMaxPDULengthSend(int max) {
        this.maxPDULengthSend = max;
        return this;
    }

    /** Association request/release timer (ARTIM, PS3.8 section 9.1.5). */
    public Duration getArtimTimeout() {
        return artimTimeout;
    }

    public Connection setArtimTimeout(Duration d) {
        this.artimTimeout = d;
        return this;
    }

    /** An established association with no incoming PDU for this long is aborted; zero: never. */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public Connection setIdleTimeout(Duration d) {
        this.idleTimeout = d;
        return this;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public Connection setConnectTimeout(Duration d) {
        this.connectTimeout = d;
        return this;
    }

    /** How long a requestor waits for a DIMSE response; zero: without limit. */
    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public Connection setResponseTimeout(Duration d) {
        this.responseTimeout = d;
        return this;
    }

    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    public Connection setTcpNoDelay(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
        return this;
    }

    public int getSocketBufferSize() {
        return socketBufferSize;
    }

    /** Send and receive socket buffer size; 0 keeps the system default. */
    public Connection setSocketBufferSize(int size) {
        this.socketBufferSize = size;
        return this;
    }

    public SSLContext getSslContext() {
        return sslContext;
    }

    /** Enables DICOM TLS (PS3.15 annex B) with this context; null disables it. */
    public Connection setSslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    public boolean isTls() {
        return sslContext != null;
    }

    public String[] getTlsProtocols() {
        return tlsProtocols.clone();
    }

    public Connection setTlsProtocols(String... protocols) {
        this.tlsProtocols = protocols.clone();
        return this;
    }

    public boolean isTlsNeedClientAuth() {
        return tlsNeedClientAuth;
    }

    public Connection setTlsNeedClientAuth(boolean need) {
        this.tlsNeedClientAuth = need;
        return this;
    }

    public boolean isTlsWantClientAuth() {
        return tlsWantClientAuth;
    }

    /** An acceptor asks for a client certificate but accepts a client without one. */
    public Connection setTlsWantClientAuth(boolean want) {
        this.tlsWantClientAuth = want;
        return this;
    }

    static int millis(Duration d) {
        long ms = d.toMillis();
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    @Override
    public String toString() {
        return (isTls() ? "dicom-tls://" : "dicom://") + hostname + ":" + port;
    }
}
