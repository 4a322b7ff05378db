package io.radflow.dicom.net;

import io.radflow.dicom.Implementation;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAssociateAC;
import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.AAssociateRQAC;
import io.radflow.dicom.net.pdu.AETitles;
import io.radflow.dicom.net.pdu.PresentationContext;
import io.radflow.dicom.net.pdu.RoleSelection;
import io.radflow.dicom.net.pdu.UserIdentityAC;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * A DICOM application entity: its AE title, local network settings, and, as an acceptor, what it
 * accepts (calling AE titles, source hosts, SOP classes and transfer syntaxes, association limit,
 * user identity) and how it serves requests (C-ECHO built in, C-STORE through a {@link
 * StoreHandler}). As a requestor it opens associations with {@link #connect}.
 */
public final class ApplicationEntity {
    private final String aeTitle;
    private Connection connection = new Connection();
    private final Set<String> acceptedCallingAETitles = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedHosts = ConcurrentHashMap.newKeySet();
    private final List<TransferCapability> transferCapabilities = new ArrayList<>();
    private final Map<Dimse, DimseRQHandler> handlers = new EnumMap<>(Dimse.class);
    private final AtomicInteger activeAssociations = new AtomicInteger();
    private int maxAssociations;
    private int maxPDULengthReceive;
    private UserIdentityNegotiator userIdentityNegotiator;

    /** An AE that accepts Verification and every standard storage SOP class in any syntax. */
    public ApplicationEntity(String aeTitle) {
        this.aeTitle = AETitles.check(aeTitle);
        transferCapabilities.add(
                TransferCapability.of(UID.Verification, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
        transferCapabilities.add(TransferCapability.anyStorage());
        handlers.put(Dimse.C_ECHO_RQ, new CEchoSCP());
    }

    public String getAETitle() {
        return aeTitle;
    }

    public Connection getConnection() {
        return connection;
    }

    public ApplicationEntity setConnection(Connection connection) {
        this.connection = connection;
        return this;
    }

    /** Calling AE titles accepted; none means any. */
    public ApplicationEntity acceptCallingAETitles(String... aets) {
        for (String a : aets) {
            acceptedCallingAETitles.add(AETitles.check(a));
        }
        return this;
    }

    /** Source host addresses accepted (e.g. "127.0.0.1"); none means any. */
    public ApplicationEntity acceptHosts(String... hosts) {
        acceptedHosts.addAll(List.of(hosts));
        return this;
    }

    /** Replaces the transfer capabilities (what SOP classes and syntaxes are accepted). */
    public synchronized ApplicationEntity setTransferCapabilities(TransferCapability... tcs) {
        transferCapabilities.clear();
        transferCapabilities.addAll(List.of(tcs));
        return this;
    }

    public synchronized List<TransferCapability> getTransferCapabilities() {
        return List.copyOf(transferCapabilities);
    }

    /** Maximum concurrent associations accepted by this AE; 0 means no limit. */
    public ApplicationEntity setMaxAssociations(int max) {
        this.maxAssociations = max;
        return this;
    }

    /**
     * Maximum P-DATA-TF length announced by this AE as acceptor (larger PDUs abort the
     * association); 0 uses the connection's.
     */
    public ApplicationEntity setMaxPDULengthReceive(int max) {
        this.maxPDULengthReceive = max;
        return this;
    }

    int maxPDULengthReceive() {
        return maxPDULengthReceive > 0 ? maxPDULengthReceive : connection.getMaxPDULengthReceive();
    }

    public int getActiveAssociations() {
        return activeAssociations.get();
    }

    public ApplicationEntity setUserIdentityNegotiator(UserIdentityNegotiator negotiator) {
        this.userIdentityNegotiator = negotiator;
        return this;
    }

    /** Serves C-STORE-RQs with {@code handler}. */
    public ApplicationEntity setStoreHandler(StoreHandler handler) {
        return setDimseRQHandler(Dimse.C_STORE_RQ, new CStoreSCP(handler));
    }

    public synchronized ApplicationEntity setDimseRQHandler(Dimse dimse, DimseRQHandler handler) {
        handlers.put(dimse, handler);
        return this;
    }

    synchronized DimseRQHandler handlerFor(Dimse dimse) {
        return handlers.get(dimse);
    }

    /** Decides on an association request addressed to this AE: an A-ASSOCIATE-AC, or a rejection. */
    AAssociateAC negotiate(Association as, AAssociateRQ rq) throws AAssociateRJException {
        if ((rq.getProtocolVersion() & 1) == 0) {
            throw new AAssociateRJException(
                    AAssociateRJ.RESULT_REJECTED_PERMANENT,
                    AAssociateRJ.SOURCE_SERVICE_PROVIDER_ACSE,
                    AAssociateRJ.REASON_PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!AAssociateRQAC.DICOM_APPLICATION_CONTEXT.equals(rq.getApplicationContext())) {
            throw userReject(AAssociateRJ.REASON_APP_CTX_NAME_NOT_SUPPORTED);
        }
        if (!acceptedCallingAETitles.isEmpty() && !acceptedCallingAETitles.contains(rq.getCallingAET())) {
            throw userReject(AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED);
        }
        if (!acceptedHosts.isEmpty() && !acceptedHosts.contains(as.getRemoteAddress())) {
            throw userReject(AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED);
        }
        UserIdentityAC identity = null;
        if (userIdentityNegotiator != null) {
            identity = userIdentityNegotiator.negotiate(rq, as.getRemoteAddress());
        }
        if (activeAssociations.incrementAndGet() > maxAssociations && maxAssociations > 0) {
            activeAssociations.decrementAndGet();
            throw new AAssociateRJException(
                    AAssociateRJ.RESULT_REJECTED_TRANSIENT,
                    AAssociateRJ.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AAssociateRJ.REASON_LOCAL_LIMIT_EXCEEDED);
        }
        as.onClose(activeAssociations::decrementAndGet);
        AAssociateAC ac = new AAssociateAC();
        ac.setCalledAET(rq.getCalledAET());
        ac.setCallingAET(rq.getCallingAET());
        ac.setMaxPDULength(maxPDULengthReceive());
        ac.setImplementationClassUID(Implementation.getClassUID());
        ac.setImplementationVersionName(Implementation.getVersionName());
        if (rq.hasAsyncOpsWindow()) {
            ac.setAsyncOpsWindow(1, 1); // operations are performed one at a time
        }
        for (RoleSelection rs : rq.getRoleSelections()) {
            ac.addRoleSelection(new RoleSelection(rs.sopClassUID(), rs.scu(), false));
        }
        if (identity != null
                && rq.getUserIdentity() != null
                && rq.getUserIdentity().positiveResponseRequested()) {
            ac.setUserIdentity(identity);
        }
        for (PresentationContext pc : rq.getPresentationContexts()) {
            ac.addPresentationContext(negotiate(pc));
        }
        return ac;
    }

    private synchronized PresentationContext negotiate(PresentationContext pc) {
        boolean sopClassKnown = false;
        for (TransferCapability tc : transferCapabilities) {
            if (tc.matchesSOPClass(pc.abstractSyntax())) {
                sopClassKnown = true;
                for (String ts : pc.transferSyntaxes()) {
                    if (tc.acceptsTransferSyntax(ts)) {
                        return PresentationContext.ac(pc.id(), PresentationContext.ACCEPTANCE, ts);
                    }
                }
            }
        }
        return PresentationContext.ac(
                pc.id(),
                sopClassKnown
                        ? PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED
                        : PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                null);
    }

    private static AAssociateRJException userReject(int reason) {
        return new AAssociateRJException(
                AAssociateRJ.RESULT_REJECTED_PERMANENT, AAssociateRJ.SOURCE_SERVICE_USER, reason);
    }

    /**
     * Opens an association to {@code remote} (host, port, TLS) with this AE as calling AE; local
     * timeouts and PDU limits come from {@link #getConnection()}. Throws {@link
     * AAssociateRJException} when rejected.
     */
    public Association connect(Connection remote, AAssociateRQ rq) throws IOException {
        rq.setCallingAET(aeTitle);
        rq.setMaxPDULength(connection.getMaxPDULengthReceive());
        if (rq.getImplementationClassUID() == null) {
            rq.setImplementationClassUID(Implementation.getClassUID());
            rq.setImplementationVersionName(Implementation.getVersionName());
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(connection.isTcpNoDelay());
            if (connection.getSocketBufferSize() > 0) {
                s.setSendBufferSize(connection.getSocketBufferSize());
                s.setReceiveBufferSize(connection.getSocketBufferSize());
            }
            s.connect(
                    new InetSocketAddress(remote.getHostname(), remote.getPort()),
                    Connection.millis(connection.getConnectTimeout()));
            if (remote.isTls()) {
                SSLSocket ssl = (SSLSocket) remote.getSslContext()
                        .getSocketFactory()
                        .createSocket(s, remote.getHostname(), remote.getPort(), true);
                ssl.setEnabledProtocols(remote.getTlsProtocols());
                ssl.setUseClientMode(true);
                ssl.setSoTimeout(Connection.millis(connection.getArtimTimeout()));
                ssl.startHandshake();
                s = ssl;
            }
            Association as = new Association(s, connection, true);
            as.requestorHandshake(this, rq);
            return as;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ApplicationEntity[" + aeTitle + "]";
    }
}
