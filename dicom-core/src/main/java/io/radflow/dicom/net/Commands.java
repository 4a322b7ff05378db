package io.radflow.dicom.net;

/** Factories of DIMSE-C command sets (PS3.7 section 9.3). */
public final class Commands {
    public static final int PRIORITY_MEDIUM = 0;
    public static final int PRIORITY_HIGH = 1;
    public static final int PRIORITY_LOW = 2;

    private Commands() {}

    public static CommandSet mkCEchoRQ(int msgId, String sopClassUID) {
        return new CommandSet()
                .setUID(CommandSet.AffectedSOPClassUID, sopClassUID)
                .setUS(CommandSet.CommandField, Dimse.C_ECHO_RQ.commandField())
                .setUS(CommandSet.MessageID, msgId)
                .setUS(CommandSet.CommandDataSetType, CommandSet.NO_DATASET);
    }

    public static CommandSet mkCStoreRQ(int msgId, String cuid, String iuid, int priority) {
        return new CommandSet()
                .setUID(CommandSet.AffectedSOPClassUID, cuid)
                .setUS(CommandSet.CommandField, Dimse.C_STORE_RQ.commandField())
                .setUS(CommandSet.MessageID, msgId)
                .setUS(CommandSet.Priority, priority)
                .setUS(CommandSet.CommandDataSetType, 0x0000)
                .setUID(CommandSet.AffectedSOPInstanceUID, iuid);
    }

    /** The response to {@code rq} with {@code status}, no data set. */
    public static CommandSet mkRSP(CommandSet rq, int status) {
        CommandSet rsp = new CommandSet()
                .setUS(CommandSet.CommandField, rq.commandField() | 0x8000)
                .setUS(CommandSet.MessageIDBeingRespondedTo, rq.getInt(CommandSet.MessageID, 0))
                .setUS(CommandSet.CommandDataSetType, CommandSet.NO_DATASET)
                .setUS(CommandSet.Status, status);
        String cuid = rq.getString(CommandSet.AffectedSOPClassUID);
        if (cuid != null) {
            rsp.setUID(CommandSet.AffectedSOPClassUID, cuid);
        }
        String iuid = rq.getString(CommandSet.AffectedSOPInstanceUID);
        if (iuid != null) {
            rsp.setUID(CommandSet.AffectedSOPInstanceUID, iuid);
        }
        return rsp;
    }
}
