package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * DIMSE-C command sets (PS3.7 section 9.3) as {@link Attributes} of group 0000: factories, and
 * their Implicit VR Little Endian encoding through {@link DicomOutputStream#writeCommand}.
 */
public final class Commands {
    public static final int PRIORITY_MEDIUM = 0;
    public static final int PRIORITY_HIGH = 1;
    public static final int PRIORITY_LOW = 2;

    /** CommandDataSetType (0000,0800) value meaning "no data set follows". */
    public static final int NO_DATASET = 0x0101;

    private Commands() {}

    public static Attributes mkCEchoRQ(int msgId, String sopClassUID) {
        Attributes cmd = new Attributes(4);
        cmd.setString(Tag.AffectedSOPClassUID, VR.UI, sopClassUID);
        cmd.setInt(Tag.CommandField, VR.US, Dimse.C_ECHO_RQ.commandField());
        cmd.setInt(Tag.MessageID, VR.US, msgId);
        cmd.setInt(Tag.CommandDataSetType, VR.US, NO_DATASET);
        return cmd;
    }

    public static Attributes mkCStoreRQ(int msgId, String cuid, String iuid, int priority) {
        Attributes cmd = new Attributes(6);
        cmd.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        cmd.setInt(Tag.CommandField, VR.US, Dimse.C_STORE_RQ.commandField());
        cmd.setInt(Tag.MessageID, VR.US, msgId);
        cmd.setInt(Tag.Priority, VR.US, priority);
        cmd.setInt(Tag.CommandDataSetType, VR.US, 0);
        cmd.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        return cmd;
    }

    /** The response to {@code rq} with {@code status}, no data set. */
    public static Attributes mkRSP(Attributes rq, int status) {
        Attributes rsp = new Attributes(6);
        String cuid = rq.getString(Tag.AffectedSOPClassUID);
        if (cuid != null) {
            rsp.setString(Tag.AffectedSOPClassUID, VR.UI, cuid);
        }
        rsp.setInt(Tag.CommandField, VR.US, commandField(rq) | 0x8000);
        rsp.setInt(Tag.MessageIDBeingRespondedTo, VR.US, rq.getInt(Tag.MessageID, 0));
        rsp.setInt(Tag.CommandDataSetType, VR.US, NO_DATASET);
        rsp.setInt(Tag.Status, VR.US, status);
        String iuid = rq.getString(Tag.AffectedSOPInstanceUID);
        if (iuid != null) {
            rsp.setString(Tag.AffectedSOPInstanceUID, VR.UI, iuid);
        }
        return rsp;
    }

    public static int commandField(Attributes cmd) {
        return cmd.getInt(Tag.CommandField, -1);
    }

    public static int status(Attributes cmd) {
        return cmd.getInt(Tag.Status, -1);
    }

    public static boolean hasDataset(Attributes cmd) {
        return cmd.getInt(Tag.CommandDataSetType, NO_DATASET) != NO_DATASET;
    }

    /** Encodes a command set in Implicit VR Little Endian, (0000,0000) first. */
    public static byte[] encode(Attributes cmd) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        new DicomOutputStream(out, UID.ImplicitVRLittleEndian).writeCommand(cmd);
        return out.toByteArray();
    }

    /** Decodes a command set; malformed input ends in the toolkit's exception naming the offset. */
    public static Attributes decode(byte[] b, int length) throws IOException {
        Attributes cmd = DicomInputStream.readCommand(new ByteArrayInputStream(b, 0, length));
        for (int tag : cmd.tags()) {
            if ((tag >>> 16) != 0) {
                throw new IOException("command set contains " + Tag.toString(tag) + " outside group 0000");
            }
        }
        if (!cmd.contains(Tag.CommandField)) {
            throw new IOException("command set without (0000,0100) CommandField");
        }
        return cmd;
    }

    /** A one-line summary for logs: message type, message ID, status, SOP instance. */
    public static String toString(Attributes cmd) {
        Dimse d = Dimse.of(commandField(cmd));
        StringBuilder sb = new StringBuilder(d != null ? d.name() : "command " + commandField(cmd)).append('[');
        if (cmd.contains(Tag.MessageID)) {
            sb.append("msgId=").append(cmd.getInt(Tag.MessageID, 0));
        }
        if (cmd.contains(Tag.MessageIDBeingRespondedTo)) {
            sb.append("rspTo=").append(cmd.getInt(Tag.MessageIDBeingRespondedTo, 0));
        }
        if (cmd.contains(Tag.Status)) {
            sb.append(", status=").append(Status.toString(status(cmd)));
        }
        if (cmd.contains(Tag.AffectedSOPInstanceUID)) {
            sb.append(", iuid=").append(cmd.getString(Tag.AffectedSOPInstanceUID));
        }
        return sb.append(']').toString();
    }
}
