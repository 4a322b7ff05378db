package io.radflow.dicom.net.pdu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters an A-ASSOCIATE-RQ and an A-ASSOCIATE-AC share (PS3.8 section 9.3.2/9.3.3): AE
 * titles, application context, presentation contexts and the user information sub-items.
 */
public abstract sealed class AAssociateRQAC permits AAssociateRQ, AAssociateAC {
    /** The DICOM application context name, the only one PS3.7 defines. */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private int protocolVersion = 1;
    private String calledAET = "ANY-SCP";
    private String callingAET = "ANY-SCU";
    private String applicationContext = DICOM_APPLICATION_CONTEXT;
    private final Map<Integer, PresentationContext> presentationContexts = new LinkedHashMap<>();
    private int maxPDULength = 16384;
    private String implementationClassUID;
    private String implementationVersionName;
    private int maxOpsInvoked = -1;
    private int maxOpsPerformed = -1;
    private final Map<String, RoleSelection> roleSelections = new LinkedHashMap<>();
    private final Map<String, ExtendedNegotiation> extendedNegotiations = new LinkedHashMap<>();

    public int getProtocolVersion() {
        return protocolVersion;
    }

    public void setProtocolVersion(int protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    public String getCalledAET() {
        return calledAET;
    }

    public void setCalledAET(String calledAET) {
        this.calledAET = AETitles.check(calledAET);
    }

    public String getCallingAET() {
        return callingAET;
    }

    public void setCallingAET(String callingAET) {
        this.callingAET = AETitles.check(callingAET);
    }

    public String getApplicationContext() {
        return applicationContext;
    }

    public void setApplicationContext(String applicationContext) {
        this.applicationContext = applicationContext;
    }

    public void addPresentationContext(PresentationContext pc) {
        if (presentationContexts.putIfAbsent(pc.id(), pc) != null) {
            throw new IllegalArgumentException("duplicate presentation context ID " + pc.id());
        }
    }

    public PresentationContext getPresentationContext(int id) {
        return presentationContexts.get(id);
    }

    public Collection<PresentationContext> getPresentationContexts() {
        return presentationContexts.values();
    }

    /** The maximum length of P-DATA-TF PDUs this side receives; 0 means unlimited. */
    public int getMaxPDULength() {
        return maxPDULength;
    }

    public void setMaxPDULength(int maxPDULength) {
        this.maxPDULength = maxPDULength;
    }

    public String getImplementationClassUID() {
        return implementationClassUID;
    }

    public void setImplementationClassUID(String implementationClassUID) {
        this.implementationClassUID = implementationClassUID;
    }

    public String getImplementationVersionName() {
        return implementationVersionName;
    }

    public void setImplementationVersionName(String implementationVersionName) {
        this.implementationVersionName = implementationVersionName;
    }

    /** Maximum number of operations invoked, or -1 when no asynchronous operations window is sent. */
    public int getMaxOpsInvoked() {
        return maxOpsInvoked;
    }

    public int getMaxOpsPerformed() {
        return maxOpsPerformed;
    }

    public boolean hasAsyncOpsWindow() {
        return maxOpsInvoked >= 0;
    }

    public void setAsyncOpsWindow(int maxOpsInvoked, int maxOpsPerformed) {
        this.maxOpsInvoked = maxOpsInvoked;
        this.maxOpsPerformed = maxOpsPerformed;
    }

    public void addRoleSelection(RoleSelection rs) {
        roleSelections.put(rs.sopClassUID(), rs);
    }

    public RoleSelection getRoleSelection(String sopClassUID) {
        return roleSelections.get(sopClassUID);
    }

    public Collection<RoleSelection> getRoleSelections() {
        return roleSelections.values();
    }

    public void addExtendedNegotiation(ExtendedNegotiation en) {
        extendedNegotiations.put(en.sopClassUID(), en);
    }

    public Collection<ExtendedNegotiation> getExtendedNegotiations() {
        return extendedNegotiations.values();
    }

    @Override
    public String toString() {
        List<String> pcs = new ArrayList<>();
        for (PresentationContext pc : presentationContexts.values()) {
            pcs.add(pc.id() + ":" + (pc.abstractSyntax() != null ? pc.abstractSyntax() + "/" : "r" + pc.result() + "/")
                    + pc.transferSyntaxes());
        }
        return getClass().getSimpleName() + "[" + callingAET + "->" + calledAET + ", maxPDU=" + maxPDULength + ", impl="
                + implementationClassUID + " " + implementationVersionName + ", pcs=" + pcs + "]";
    }
}
