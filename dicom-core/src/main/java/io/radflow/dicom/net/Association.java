package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAbort;
import io.radflow.dicom.net.pdu.AAssociateAC;
import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PDUDecoder;
import io.radflow.dicom.net.pdu.PDUEncoder;
import io.radflow.dicom.net.pdu.PDUException;
import io.radflow.dicom.net.pdu.PDUReader;
import io.radflow.dicom.net.pdu.PDUType;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/**
 * One DICOM association (PS3.8 section 9) over a blocking socket, as requestor or acceptor. A single
 * reader (the acceptor's thread, or a virtual thread started for the requestor) reads PDUs and
 * dispatches DIMSE messages; senders serialize on a lock. States follow PS3.8 table 9-10 in
 * condensed form: awaiting A-ASSOCIATE, established, awaiting A-RELEASE-RP, closed.
 */
public final class Association implements Closeable {
    private static final System.Logger LOG = System.getLogger(Association.class.getName());
    private static final AtomicLong SERIAL = new AtomicLong();
    private static final int MAX_COMMAND_LENGTH = 64 * 1024;

    enum State {
        AWAITING_ASSOCIATE,
        ESTABLISHED,
        AWAITING_RELEASE_RP,
        CLOSED
    }

    private final long serial = SERIAL.incrementAndGet();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Connection conn;
    private final boolean requestor;
    private final PDUReader reader;
    private final PDataReader pdata;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicInteger messageIDs = new AtomicInteger();
    private final Map<Integer, DimseRSPHandler> pending = new ConcurrentHashMap<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private volatile State state = State.AWAITING_ASSOCIATE;
    private volatile IOException failure;
    private ApplicationEntity ae;
    private AAssociateRQ rq;
    private AAssociateAC ac;
    private int maxSendPDU;
    /** One PDU for command fragments; data sets get {@link #dataBuffer}, allocated on first use. */
    private byte[] commandSendBuffer;

    private byte[] dataBuffer;
    private final ByteArrayOutputStream commandBuffer = new ByteArrayOutputStream(256);

    Association(Socket socket, Connection conn, boolean requestor) throws IOException {
        this.socket = socket;
        this.conn = conn;
        this.requestor = requestor;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.reader = new PDUReader(in, conn.getMaxPDULengthReceive());
        this.pdata = new PDataReader(this, reader);
    }

    // ---- requestor ---------------------------------------------------------------------------

    void requestorHandshake(ApplicationEntity ae, AAssociateRQ rq) throws IOException {
        this.ae = ae;
        this.rq = rq;
        socket.setSoTimeout(Connection.millis(conn.getArtimTimeout()));
        writeRaw(PDUEncoder.encode(rq));
        int type;
        try {
            type = reader.nextOrEOF();
        } catch (IOException e) {
            closeSocket();
            throw e;
        }
        switch (type) {
            case PDUType.A_ASSOCIATE_AC -> {
                try {
                    ac = PDUDecoder.decodeAssociateAC(reader.body(), reader.length());
                } catch (PDUException e) {
                    abort(AAbort.provider(e.abortReason()), e);
                    throw e;
                }
                established(ac.getMaxPDULength());
                socket.setSoTimeout(0);
                Thread.ofVirtual().name("dicom-rq-" + serial).start(this::readLoop);
            }
            case PDUType.A_ASSOCIATE_RJ -> {
                AAssociateRJ rj = PDUDecoder.decodeAssociateRJ(reader.body(), reader.length());
                closeSocket();
                throw new AAssociateRJException(rj);
            }
            case PDUType.A_ABORT -> {
                AAbort a = PDUDecoder.decodeAbort(reader.body(), reader.length());
                closeSocket();
                throw new AAbortException(a, "association request aborted by " + rq.getCalledAET());
            }
            default -> {
                PDUException e = new PDUException(0, "unexpected " + PDUType.nameOf(type), AAbort.UNEXPECTED_PDU);
                abort(AAbort.provider(AAbort.UNEXPECTED_PDU), e);
                throw e;
            }
        }
    }

    // ---- acceptor ----------------------------------------------------------------------------

    /** Runs the whole acceptor side of one connection on the calling thread; never throws. */
    void serveAcceptor(DicomServer server) {
        try {
            socket.setSoTimeout(Connection.millis(conn.getArtimTimeout()));
            int type = reader.next();
            if (type < 0) {
                return;
            }
            if (type != PDUType.A_ASSOCIATE_RQ) {
                abort(
                        AAbort.provider(AAbort.UNEXPECTED_PDU),
                        new PDUException(0, "expected A-ASSOCIATE-RQ, got " + PDUType.nameOf(type)));
                return;
            }
            rq = PDUDecoder.decodeAssociateRQ(reader.body(), reader.length());
            try {
                ae = server.applicationEntity(rq);
                onClose(server::associationClosed);
                ac = ae.negotiate(this, rq);
            } catch (AAssociateRJException e) {
                LOG.log(Level.WARNING, "{0}: {1} rejected: {2}", this, rq, e.getRJ());
                server.rejected(getRemoteAddress(), rq, e);
                writeRaw(PDUEncoder.encode(e.getRJ()));
                awaitPeerClose();
                return;
            }
            writeRaw(PDUEncoder.encode(ac));
            reader.setMaxPDataLength(ac.getMaxPDULength());
            established(rq.getMaxPDULength());
            LOG.log(Level.DEBUG, "{0}: accepted {1}", this, rq);
            socket.setSoTimeout(Connection.millis(conn.getIdleTimeout()));
            readLoop();
        } catch (PDUException e) {
            abort(AAbort.provider(e.abortReason()), e);
        } catch (SocketTimeoutException e) {
            LOG.log(Level.INFO, "{0}: ARTIM expired before A-ASSOCIATE-RQ", this);
            abort(AAbort.provider(AAbort.REASON_NOT_SPECIFIED), e);
        } catch (SSLException e) {
            LOG.log(Level.WARNING, "{0}: TLS handshake failed: {1}", this, e.getMessage());
            server.tlsHandshakeFailed(getRemoteAddress(), e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0}: {1}", this, e.toString());
        } finally {
            closeSocket();
        }
    }

    private void established(int peerMaxPDU) {
        int max = conn.getMaxPDULengthSend();
        if (peerMaxPDU > 0) {
            max = Math.min(max, peerMaxPDU);
        }
        maxSendPDU = Math.max(max, 64);
        commandSendBuffer = new byte[Math.min(maxSendPDU, 1024) + 6];
        state = State.ESTABLISHED;
    }

    private void awaitPeerClose() {
        try {
            socket.setSoTimeout(Connection.millis(conn.getArtimTimeout()));
            byte[] sink = new byte[1024];
            long total = 0;
            int n;
            while (total < 65536 && (n = in.read(sink)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // ARTIM expired or reset: close anyway
        }
    }

    // ---- reading -----------------------------------------------------------------------------

    private void readLoop() {
        try {
            while (state != State.CLOSED) {
                int r = pdata.next();
                if (r == PDataReader.RELEASE_RQ) {
                    sendLock.lock();
                    try {
                        writeRaw(PDUEncoder.releaseRP());
                    } finally {
                        sendLock.unlock();
                    }
                    LOG.log(Level.DEBUG, "{0}: released by peer", this);
                    return;
                }
                if (r == PDataReader.RELEASE_RP) {
                    if (state != State.AWAITING_RELEASE_RP) {
                        throw new PDUException(0, "unexpected A-RELEASE-RP", AAbort.UNEXPECTED_PDU);
                    }
                    return;
                }
                readCommandAndDispatch();
            }
        } catch (PDUException e) {
            abort(AAbort.provider(e.abortReason()), e);
        } catch (AAbortException e) {
            failure = e;
            LOG.log(Level.INFO, "{0}: {1}", this, e.getMessage());
        } catch (SocketTimeoutException e) {
            LOG.log(Level.INFO, "{0}: idle timeout, aborting", this);
            abort(AAbort.provider(AAbort.REASON_NOT_SPECIFIED), e);
        } catch (IOException e) {
            if (state != State.CLOSED) {
                failure = e;
                LOG.log(Level.INFO, "{0}: connection lost: {1}", this, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, this + ": unexpected failure", e);
            abort(AAbort.provider(AAbort.REASON_NOT_SPECIFIED), new IOException(e));
        } finally {
            closeSocket();
        }
    }

    private void readCommandAndDispatch() throws IOException {
        if (!pdata.isCommand()) {
            throw new PDUException(0, "data set fragment without preceding command", AAbort.UNEXPECTED_PDU_PARAMETER);
        }
        int pcid = pdata.pcid();
        commandBuffer.reset();
        while (true) {
            if (commandBuffer.size() + pdata.length() > MAX_COMMAND_LENGTH) {
                throw new PDUException(0, "command set longer than " + MAX_COMMAND_LENGTH);
            }
            commandBuffer.write(pdata.buffer(), pdata.offset(), pdata.length());
            if (pdata.isLast()) {
                break;
            }
            if (pdata.next() != PDataReader.PDV || !pdata.isCommand() || pdata.pcid() != pcid) {
                throw new PDUException(0, "command fragments interrupted", AAbort.UNEXPECTED_PDU_PARAMETER);
            }
        }
        Attributes cmd;
        try {
            cmd = Commands.decode(commandBuffer.toByteArray(), commandBuffer.size());
        } catch (IOException | RuntimeException e) {
            throw new PDUException(0, "malformed command set: " + e.getMessage());
        }
        PDVInputStream data = Commands.hasDataset(cmd) ? new PDVInputStream(this, pdata, pcid) : null;
        dispatch(acceptedPC(pcid), cmd, data);
        if (data != null) {
            data.drain();
        }
    }

    private void dispatch(PresentationContext pc, Attributes cmd, PDVInputStream data) throws IOException {
        Dimse dimse = Dimse.of(Commands.commandField(cmd));
        if (dimse == null) {
            throw new PDUException(0, "unknown DIMSE command field " + Commands.commandField(cmd));
        }
        if (dimse.isRSP()) {
            int msgId = cmd.getInt(Tag.MessageIDBeingRespondedTo, -1);
            DimseRSPHandler h = Status.isPending(Commands.status(cmd)) ? pending.get(msgId) : pending.remove(msgId);
            if (h == null) {
                LOG.log(Level.WARNING, "{0}: response to unknown message ID {1} ignored", this, msgId);
            } else {
                h.onDimseRSP(this, cmd);
            }
            return;
        }
        DimseRQHandler h = ae == null ? null : ae.handlerFor(dimse);
        if (h == null || requestor) {
            writeDimseRSP(pc.id(), Commands.mkRSP(cmd, Status.UnrecognizedOperation));
            return;
        }
        h.onDimseRQ(this, pc, cmd, data);
    }

    /** Whether P-DATA-TF PDUs may arrive now (established, or awaiting the release response). */
    boolean acceptsPData() {
        return state == State.ESTABLISHED || state == State.AWAITING_RELEASE_RP;
    }

    /** An A-ABORT was received: nothing may be sent any more. */
    void abortReceived() {
        state = State.CLOSED;
    }

    // ---- writing -----------------------------------------------------------------------------

    void writeRaw(byte[] b) throws IOException {
        writeRaw(b, 0, b.length);
    }

    void writeRaw(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Sends a DIMSE response (no data set) on presentation context {@code pcid}. */
    public void writeDimseRSP(int pcid, Attributes rsp) throws IOException {
        send(pcid, rsp, null, null);
    }

    private void send(int pcid, Attributes cmd, DataWriter data, String tsuid) throws IOException {
        sendLock.lock();
        try {
            if (state != State.ESTABLISHED) {
                throw new IOException(this + " is not established (" + state + ")");
            }
            PDVOutputStream cos = new PDVOutputStream(this, commandSendBuffer, pcid, true);
            cos.write(Commands.encode(cmd));
            cos.finish();
            if (data != null) {
                if (dataBuffer == null) {
                    dataBuffer = new byte[maxSendPDU + 6];
                }
                PDVOutputStream dos = new PDVOutputStream(this, dataBuffer, pcid, false);
                data.writeTo(dos, tsuid);
                dos.finish();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends a request; {@code rspHandler} receives its response(s) on the reader thread. Use an
     * accepted presentation context of the SOP class and transfer syntax of the data set.
     */
    public void invoke(int pcid, Attributes rq, DataWriter data, DimseRSPHandler rspHandler) throws IOException {
        PresentationContext pc = acceptedPC(pcid);
        if (pc == null) {
            throw new IllegalArgumentException("presentation context " + pcid + " not accepted");
        }
        int msgId = rq.getInt(Tag.MessageID, 0);
        pending.put(msgId, rspHandler);
        if (failure != null || state == State.CLOSED) {
            pending.remove(msgId);
            throw new IOException(this + " closed", failure);
        }
        try {
            send(pcid, rq, data, pc.transferSyntax());
        } catch (IOException e) {
            pending.remove(msgId);
            throw e;
        }
    }

    /** The next message ID (1..65535, wrapping). */
    public int nextMessageID() {
        int id;
        do {
            id = messageIDs.incrementAndGet() & 0xFFFF;
        } while (id == 0);
        return id;
    }

    /** Sends a C-ECHO-RQ and waits for the response status. */
    public int cecho() throws IOException, InterruptedException {
        int pcid = pcidFor(UID.Verification, null);
        return Commands.status(await(send(pcid, Commands.mkCEchoRQ(nextMessageID(), UID.Verification), null)));
    }

    /**
     * Sends a C-STORE-RQ for one instance and waits for its response. {@code data} writes the data
     * set in the transfer syntax of presentation context {@code pcid}.
     */
    public Attributes cstore(int pcid, String cuid, String iuid, int priority, DataWriter data)
            throws IOException, InterruptedException {
        return await(send(pcid, Commands.mkCStoreRQ(nextMessageID(), cuid, iuid, priority), data));
    }

    /** Sends a request; its final response is awaited with {@link DimseRSP#await}. */
    public DimseRSP send(int pcid, Attributes rq, DataWriter data) throws IOException {
        DimseRSP rsp = new DimseRSP();
        invoke(pcid, rq, data, rsp);
        return rsp;
    }

    private Attributes await(DimseRSP rsp) throws IOException, InterruptedException {
        try {
            return rsp.await(conn.getResponseTimeout());
        } catch (TimeoutException e) {
            abort(AAbort.user(), new IOException("no response within " + conn.getResponseTimeout()));
            throw new IOException(this + ": no DIMSE response within " + conn.getResponseTimeout());
        }
    }

    /** Releases the association (A-RELEASE-RQ, then waits ARTIM for the A-RELEASE-RP). */
    public void release() throws IOException, InterruptedException {
        sendLock.lock();
        try {
            if (state != State.ESTABLISHED) {
                return;
            }
            state = State.AWAITING_RELEASE_RP;
            writeRaw(PDUEncoder.releaseRQ());
        } finally {
            sendLock.unlock();
        }
        if (!closedLatch.await(conn.getArtimTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            abort(AAbort.provider(AAbort.REASON_NOT_SPECIFIED), new IOException("ARTIM expired awaiting A-RELEASE-RP"));
        }
    }

    /** Sends A-ABORT (service user) and closes. */
    public void abort() {
        abort(AAbort.user(), null);
    }

    void abort(AAbort abort, Exception cause) {
        if (cause != null) {
            LOG.log(Level.WARNING, "{0}: sending {1}: {2}", this, abort, cause.getMessage());
        }
        if (failure == null) {
            failure = new AAbortException(abort, this + " aborted");
        }
        try {
            if (!closed.get() && sendLock.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    writeRaw(PDUEncoder.encode(abort));
                } finally {
                    sendLock.unlock();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the connection is going away anyway
        }
        closeSocket();
    }

    private void closeSocket() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state = State.CLOSED;
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
        IOException why = failure != null ? failure : new IOException(this + " closed");
        for (DimseRSPHandler h : pending.values()) {
            h.onClose(this, why);
        }
        pending.clear();
        synchronized (closeListeners) {
            closeListeners.forEach(Runnable::run);
        }
        closedLatch.countDown();
    }

    /** Adds an action run once when the association closes (released or aborted). */
    public void onClose(Runnable r) {
        synchronized (closeListeners) {
            closeListeners.add(r);
        }
    }

    /** Waits until the association is closed (released or aborted). */
    public boolean awaitClose(long timeout, TimeUnit unit) throws InterruptedException {
        return closedLatch.await(timeout, unit);
    }

    @Override
    public void close() throws IOException {
        if (state == State.ESTABLISHED) {
            try {
                release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
            }
        } else {
            closeSocket();
        }
    }

    // ---- negotiated parameters ---------------------------------------------------------------

    PresentationContext acceptedPC(int pcid) {
        PresentationContext pc = ac == null ? null : ac.getPresentationContext(pcid);
        return pc != null && pc.isAccepted() ? pc : null;
    }

    /** The abstract syntax (SOP class) of presentation context {@code pcid}. */
    public String abstractSyntaxOf(int pcid) {
        PresentationContext pc = rq == null ? null : rq.getPresentationContext(pcid);
        return pc == null ? null : pc.abstractSyntax();
    }

    /** The accepted transfer syntax of presentation context {@code pcid}, or null. */
    public String transferSyntaxOf(int pcid) {
        PresentationContext pc = acceptedPC(pcid);
        return pc == null ? null : pc.transferSyntax();
    }

    /**
     * The ID of an accepted presentation context for {@code cuid} with {@code tsuid} (any transfer
     * syntax when null).
     */
    public int pcidFor(String cuid, String tsuid) throws IOException {
        for (PresentationContext p : rq.getPresentationContexts()) {
            PresentationContext a = acceptedPC(p.id());
            if (a != null && cuid.equals(p.abstractSyntax()) && (tsuid == null || tsuid.equals(a.transferSyntax()))) {
                return p.id();
            }
        }
        throw new NoPresentationContextException(cuid, tsuid);
    }

    /** The transfer syntaxes the peer accepted for {@code cuid}, in proposal order. */
    public List<String> acceptedTransferSyntaxes(String cuid) {
        List<String> list = new ArrayList<>();
        for (PresentationContext p : rq.getPresentationContexts()) {
            PresentationContext a = acceptedPC(p.id());
            if (a != null && cuid.equals(p.abstractSyntax()) && !list.contains(a.transferSyntax())) {
                list.add(a.transferSyntax());
            }
        }
        return list;
    }

    public AAssociateRQ getAAssociateRQ() {
        return rq;
    }

    public AAssociateAC getAAssociateAC() {
        return ac;
    }

    public String getCallingAET() {
        return rq == null ? null : rq.getCallingAET();
    }

    public String getCalledAET() {
        return rq == null ? null : rq.getCalledAET();
    }

    public String getRemoteAddress() {
        return socket.getInetAddress() == null ? "?" : socket.getInetAddress().getHostAddress();
    }

    public Socket getSocket() {
        return socket;
    }

    public ApplicationEntity getApplicationEntity() {
        return ae;
    }

    public boolean isRequestor() {
        return requestor;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** The maximum length of P-DATA-TF PDUs sent on this association. */
    public int getMaxSendPDULength() {
        return maxSendPDU;
    }

    @Override
    public String toString() {
        String peer = socket.getInetAddress() == null ? "?" : getRemoteAddress() + ":" + socket.getPort();
        if (rq == null) {
            return "Association(" + serial + " " + peer + ")";
        }
        return requestor
                ? rq.getCallingAET() + "->" + rq.getCalledAET() + "(" + serial + ")"
                : rq.getCalledAET() + "<-" + rq.getCallingAET() + "(" + serial + " " + peer + ")";
    }
}
