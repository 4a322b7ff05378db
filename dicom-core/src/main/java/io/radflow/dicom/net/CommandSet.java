package io.radflow.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DIMSE command set: the group 0000 elements of PS3.7 section E.1, encoded in Implicit VR Little
 * Endian with the command group length first. Values are kept as encoded bytes; accessors read them
 * as US/UL, UI/AE/LO text, or AT.
 */
public final class CommandSet {
    public static final int CommandGroupLength = 0x00000000;
    public static final int AffectedSOPClassUID = 0x00000002;
    public static final int RequestedSOPClassUID = 0x00000003;
    public static final int CommandField = 0x00000100;
    public static final int MessageID = 0x00000110;
    public static final int MessageIDBeingRespondedTo = 0x00000120;
    public static final int MoveDestination = 0x00000600;
    public static final int Priority = 0x00000700;
    public static final int CommandDataSetType = 0x00000800;
    public static final int Status = 0x00000900;
    public static final int OffendingElement = 0x00000901;
    public static final int ErrorComment = 0x00000902;
    public static final int ErrorID = 0x00000903;
    public static final int AffectedSOPInstanceUID = 0x00001000;
    public static final int RequestedSOPInstanceUID = 0x00001001;
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;
    public static final int MoveOriginatorMessageID = 0x00001031;

    /** CommandDataSetType value meaning "no data set follows". */
    public static final int NO_DATASET = 0x0101;

    private final TreeMap<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);

    public CommandSet setUS(int tag, int value) {
        elements.put(tag, new byte[] {(byte) value, (byte) (value >> 8)});
        return this;
    }

    /** Sets a UI value (padded with NUL to even length). */
    public CommandSet setUID(int tag, String uid) {
        return setText(tag, uid, (byte) 0);
    }

    /** Sets an AE, LO or other text value (padded with a space to even length). */
    public CommandSet setString(int tag, String value) {
        return setText(tag, value, (byte) ' ');
    }

    public CommandSet setAT(int tag, int... tags) {
        byte[] b = new byte[4 * tags.length];
        for (int i = 0; i < tags.length; i++) {
            int t = tags[i];
            b[4 * i] = (byte) (t >> 16);
            b[4 * i + 1] = (byte) (t >> 24);
            b[4 * i + 2] = (byte) t;
            b[4 * i + 3] = (byte) (t >> 8);
        }
        elements.put(tag, b);
        return this;
    }

    private CommandSet setText(int tag, String value, byte pad) {
        byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        byte[] b = s;
        if ((s.length & 1) != 0) {
            b = new byte[s.length + 1];
            System.arraycopy(s, 0, b, 0, s.length);
            b[s.length] = pad;
        }
        elements.put(tag, b);
        return this;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** The US (or UL) value of {@code tag}, or {@code def} when absent or empty. */
    public int getInt(int tag, int def) {
        byte[] b = elements.get(tag);
        if (b == null || (b.length != 2 && b.length != 4)) {
            return def;
        }
        int v = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        return b.length == 4 ? v | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24 : v;
    }

    /** The text value of {@code tag} without padding, or null when absent. */
    public String getString(int tag) {
        byte[] b = elements.get(tag);
        if (b == null) {
            return null;
        }
        int e = b.length;
        while (e > 0 && (b[e - 1] == 0 || b[e - 1] == ' ')) {
            e--;
        }
        int s = 0;
        while (s < e && b[s] == ' ') {
            s++;
        }
        return new String(b, s, e - s, StandardCharsets.US_ASCII);
    }

    public int commandField() {
        return getInt(CommandField, -1);
    }

    public boolean hasDataset() {
        return getInt(CommandDataSetType, NO_DATASET) != NO_DATASET;
    }

    public int status() {
        return getInt(Status, -1);
    }

    /** Encodes the command set in Implicit VR Little Endian, (0000,0000) first. */
    public byte[] encode() {
        int len = 0;
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (e.getKey() != CommandGroupLength) {
                len += 8 + e.getValue().length;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(12 + len);
        header(out, CommandGroupLength, 4);
        le32(out, len);
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (e.getKey() != CommandGroupLength) {
                header(out, e.getKey(), e.getValue().length);
                out.writeBytes(e.getValue());
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes a command set. Throws {@link IllegalArgumentException} naming the offset and the
     * problem when an element is truncated, of a group other than 0000, or out of order.
     */
    public static CommandSet decode(byte[] b, int length) {
        CommandSet cmd = new CommandSet();
        int p = 0;
        int last = -1;
        while (p < length) {
            if (p + 8 > length) {
                throw new IllegalArgumentException("command set offset " + p + ": element header truncated");
            }
            int group = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
            int elem = (b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8;
            long vlen =
                    (b[p + 4] & 0xffL) | (b[p + 5] & 0xffL) << 8 | (b[p + 6] & 0xffL) << 16 | (b[p + 7] & 0xffL) << 24;
            if (group != 0) {
                throw new IllegalArgumentException(
                        String.format("command set offset %d: element (%04X,%04X) not in group 0000", p, group, elem));
            }
            if (elem <= last) {
                throw new IllegalArgumentException(
                        String.format("command set offset %d: element (0000,%04X) out of order", p, elem));
            }
            if (vlen > length - p - 8) {
                throw new IllegalArgumentException(String.format(
                        "command set offset %d: length %d of (0000,%04X) exceeds the command", p, vlen, elem));
            }
            byte[] v = new byte[(int) vlen];
            System.arraycopy(b, p + 8, v, 0, v.length);
            cmd.elements.put(elem, v);
            last = elem;
            p += 8 + v.length;
        }
        if (!cmd.contains(CommandField)) {
            throw new IllegalArgumentException("command set without (0000,0100) CommandField");
        }
        return cmd;
    }

    private static void header(ByteArrayOutputStream out, int tag, int len) {
        out.write(tag >> 16);
        out.write(tag >> 24);
        out.write(tag);
        out.write(tag >> 8);
        le32(out, len);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    @Override
    public String toString() {
        Dimse d = Dimse.of(commandField());
        StringBuilder sb = new StringBuilder(d != null ? d.name() : "command " + commandField());
        sb.append('[');
        if (contains(MessageID)) {
            sb.append("msgId=").append(getInt(MessageID, 0));
        }
        if (contains(MessageIDBeingRespondedTo)) {
            sb.append("rspTo=").append(getInt(MessageIDBeingRespondedTo, 0));
        }
        if (contains(Status)) {
            sb.append(", status=").append(io.radflow.dicom.net.Status.toString(status()));
        }
        if (contains(AffectedSOPInstanceUID)) {
            sb.append(", iuid=").append(getString(AffectedSOPInstanceUID));
        }
        return sb.append(']').toString();
    }
}
