package io.radflow.dicom.net.pdu;

/** An SCP/SCU role selection sub-item (PS3.7 D.3.3.4): which roles a side takes for a SOP class. */
public record RoleSelection(String sopClassUID, boolean scu, boolean scp) {}
