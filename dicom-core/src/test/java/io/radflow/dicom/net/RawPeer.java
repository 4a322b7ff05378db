package io.radflow.dicom.net;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PDUEncoder;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;

/** A hand-driven peer writing raw bytes, for tests of hostile or malformed input. */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    byte[] lastBody;

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
    }

    static byte[] echoRQ(String called) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET(called);
        rq.setCallingAET("RAW");
        rq.addPresentationContext(PresentationContext.rq(1, UID.Verification, UID.ImplicitVRLittleEndian));
        return PDUEncoder.encode(rq);
    }

    RawPeer send(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one PDU and returns its type, or -1 when the server closed the connection. */
    int readPDU() throws IOException {
        int type;
        try {
            type = in.readUnsignedByte();
        } catch (EOFException e) {
            return -1;
        }
        in.readUnsignedByte();
        int len = in.readInt();
        lastBody = new byte[len];
        in.readFully(lastBody);
        return type;
    }

    /** Reads PDUs until the server closes; returns the types seen. */
    String readUntilClosed() throws IOException {
        StringBuilder sb = new StringBuilder();
        int t;
        try {
            while ((t = readPDU()) >= 0) {
                sb.append(t);
            }
        } catch (java.net.SocketException e) {
            sb.append("R"); // reset by the server
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
