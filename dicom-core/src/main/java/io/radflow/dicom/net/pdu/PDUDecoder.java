package io.radflow.dicom.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict decoder of association-control PDU bodies (the bytes after the 6-byte PDU header). Every
 * length is checked against its container; any violation is a {@link PDUException} with the offset
 * (counted from the start of the PDU) and the A-ABORT reason to send.
 */
public final class PDUDecoder {
    private static final int HEADER = 6;
    private static final int MAX_UID = 64;

    private final byte[] b;
    private final int end;

    private PDUDecoder(byte[] body, int length) {
        this.b = body;
        this.end = length;
    }

    public static AAssociateRQ decodeAssociateRQ(byte[] body, int length) throws PDUException {
        AAssociateRQ rq = new AAssociateRQ();
        new PDUDecoder(body, length).decodeRQAC(rq, true);
        return rq;
    }

    public static AAssociateAC decodeAssociateAC(byte[] body, int length) throws PDUException {
        AAssociateAC ac = new AAssociateAC();
        new PDUDecoder(body, length).decodeRQAC(ac, false);
        return ac;
    }

    public static AAssociateRJ decodeAssociateRJ(byte[] body, int length) throws PDUException {
        check4(length, "A-ASSOCIATE-RJ");
        return new AAssociateRJ(body[1] & 0xff, body[2] & 0xff, body[3] & 0xff);
    }

    public static AAbort decodeAbort(byte[] body, int length) throws PDUException {
        check4(length, "A-ABORT");
        return new AAbort(body[2] & 0xff, body[3] & 0xff);
    }

    /** Checks the fixed 4-byte body of A-RELEASE-RQ/RP, A-ASSOCIATE-RJ and A-ABORT. */
    public static void check4(int length, String what) throws PDUException {
        if (length != 4) {
            throw new PDUException(2, what + " PDU length must be 4, is " + length);
        }
    }

    private void decodeRQAC(AAssociateRQAC a, boolean rq) throws PDUException {
        if (end < 68) {
            throw new PDUException(2, "A-ASSOCIATE PDU length " + end + " shorter than its 68-byte fixed part");
        }
        a.setProtocolVersion(u16(0));
        setAET(a, true, 4, rq);
        setAET(a, false, 20, rq);
        boolean appCtx = false;
        boolean userInfo = false;
        int p = 68;
        while (p < end) {
            int type = u8(p);
            int len = itemLength(p, end);
            int v = p + 4;
            switch (type) {
                case PDUType.APPLICATION_CONTEXT -> {
                    a.setApplicationContext(uid(v, len, "application context name"));
                    appCtx = true;
                }
                case PDUType.PRESENTATION_CONTEXT_RQ -> {
                    if (!rq) {
                        throw unexpected(p, type);
                    }
                    addPC(a, presentationContextRQ(v, len), p);
                }
                case PDUType.PRESENTATION_CONTEXT_AC -> {
                    if (rq) {
                        throw unexpected(p, type);
                    }
                    addPC(a, presentationContextAC(v, len), p);
                }
                case PDUType.USER_INFORMATION -> {
                    if (userInfo) {
                        throw new PDUException(
                                HEADER + p, "second user information item", AAbort.UNEXPECTED_PDU_PARAMETER);
                    }
                    userInformation(a, v, len);
                    userInfo = true;
                }
                default ->
                    throw new PDUException(
                            HEADER + p,
                            String.format("unrecognized item type %02XH", type),
                            AAbort.UNRECOGNIZED_PDU_PARAMETER);
            }
            p = v + len;
        }
        if (!appCtx) {
            throw new PDUException(HEADER + 68, "application context item missing");
        }
        if (!userInfo) {
            throw new PDUException(HEADER + 68, "user information item missing");
        }
        if (rq && a.getPresentationContexts().isEmpty()) {
            throw new PDUException(HEADER + 68, "no presentation context proposed");
        }
    }

    private void addPC(AAssociateRQAC a, PresentationContext pc, int p) throws PDUException {
        if (a.getPresentationContext(pc.id()) != null) {
            throw new PDUException(HEADER + p, "duplicate presentation context ID " + pc.id());
        }
        a.addPresentationContext(pc);
    }

    private PresentationContext presentationContextRQ(int v, int len) throws PDUException {
        int id = pcid(v, len);
        int end = v + len;
        String as = null;
        List<String> tss = new ArrayList<>();
        for (int p = v + 4; p < end; ) {
            int type = u8(p);
            int l = itemLength(p, end);
            if (type == PDUType.ABSTRACT_SYNTAX) {
                if (as != null) {
                    throw new PDUException(HEADER + p, "second abstract syntax in presentation context " + id);
                }
                as = uid(p + 4, l, "abstract syntax");
            } else if (type == PDUType.TRANSFER_SYNTAX) {
                tss.add(uid(p + 4, l, "transfer syntax"));
            } else {
                throw new PDUException(
                        HEADER + p,
                        String.format("unrecognized presentation context sub-item %02XH", type),
                        AAbort.UNRECOGNIZED_PDU_PARAMETER);
            }
            p += 4 + l;
        }
        if (as == null || tss.isEmpty()) {
            throw new PDUException(HEADER + v, "presentation context " + id + " lacks abstract or transfer syntax");
        }
        return new PresentationContext(id, PresentationContext.ACCEPTANCE, as, tss);
    }

    private PresentationContext presentationContextAC(int v, int len) throws PDUException {
        int id = pcid(v, len);
        int result = u8(v + 2);
        if (result > 4) {
            throw new PDUException(HEADER + v + 2, "presentation context result " + result);
        }
        int end = v + len;
        String ts = null;
        for (int p = v + 4; p < end; ) {
            int type = u8(p);
            int l = itemLength(p, end);
            if (type != PDUType.TRANSFER_SYNTAX) {
                throw new PDUException(
                        HEADER + p,
                        String.format("unrecognized presentation context sub-item %02XH", type),
                        AAbort.UNRECOGNIZED_PDU_PARAMETER);
            }
            if (ts != null) {
                throw new PDUException(HEADER + p, "second transfer syntax in accepted presentation context " + id);
            }
            ts = l == 0 && result != 0 ? "" : uid(p + 4, l, "transfer syntax");
            p += 4 + l;
        }
        if (result == PresentationContext.ACCEPTANCE && ts == null) {
            throw new PDUException(HEADER + v, "accepted presentation context " + id + " without transfer syntax");
        }
        return PresentationContext.ac(id, result, ts == null || ts.isEmpty() ? null : ts);
    }

    private int pcid(int v, int len) throws PDUException {
        if (len < 4) {
            throw new PDUException(HEADER + v, "presentation context item shorter than 4 bytes");
        }
        int id = u8(v);
        if ((id & 1) == 0) {
            throw new PDUException(HEADER + v, "even presentation context ID " + id);
        }
        return id;
    }

    private void userInformation(AAssociateRQAC a, int v, int len) throws PDUException {
        int end = v + len;
        for (int p = v; p < end; ) {
            int type = u8(p);
            int l = itemLength(p, end);
            int s = p + 4;
            switch (type) {
                case PDUType.MAXIMUM_LENGTH -> {
                    fixed(s, l, 4, "maximum length");
                    long max = u32(s);
                    a.setMaxPDULength(max > Integer.MAX_VALUE ? 0 : (int) max);
                }
                case PDUType.IMPLEMENTATION_CLASS_UID ->
                    a.setImplementationClassUID(uid(s, l, "implementation class UID"));
                case PDUType.ASYNC_OPERATIONS_WINDOW -> {
                    fixed(s, l, 4, "asynchronous operations window");
                    a.setAsyncOpsWindow(u16(s), u16(s + 2));
                }
                case PDUType.ROLE_SELECTION -> {
                    String uid = prefixedUID(s, l, 2);
                    int r = s + 2 + uidLength(s);
                    a.addRoleSelection(new RoleSelection(uid, u8(r) != 0, u8(r + 1) != 0));
                }
                case PDUType.IMPLEMENTATION_VERSION_NAME -> {
                    if (l > 16) {
                        throw new PDUException(HEADER + p, "implementation version name longer than 16");
                    }
                    a.setImplementationVersionName(text(s, l));
                }
                case PDUType.SOP_CLASS_EXTENDED_NEGOTIATION -> {
                    String uid = prefixedUID(s, l, 0);
                    int r = s + 2 + uidLength(s);
                    a.addExtendedNegotiation(new ExtendedNegotiation(uid, slice(r, s + l - r)));
                }
                case PDUType.USER_IDENTITY_RQ -> {
                    if (!(a instanceof AAssociateRQ rq)) {
                        throw unexpected(p, type);
                    }
                    rq.setUserIdentity(userIdentityRQ(s, l));
                }
                case PDUType.USER_IDENTITY_AC -> {
                    if (!(a instanceof AAssociateAC ac)) {
                        throw unexpected(p, type);
                    }
                    if (l < 2 || 2 + uidLength(s) != l) {
                        throw new PDUException(HEADER + s, "user identity server response length mismatch");
                    }
                    ac.setUserIdentity(new UserIdentityAC(slice(s + 2, l - 2)));
                }
                default -> {
                    // PS3.7 D.3.3: sub-items this side does not know (e.g. common extended negotiation) are ignored
                }
            }
            p = s + l;
        }
    }

    private UserIdentityRQ userIdentityRQ(int s, int l) throws PDUException {
        if (l < 6) {
            throw new PDUException(HEADER + s, "user identity item shorter than 6 bytes");
        }
        int type = u8(s);
        if (type < 1 || type > 5) {
            throw new PDUException(HEADER + s, "user identity type " + type);
        }
        int pl = u16(s + 2);
        if (4 + pl + 2 > l) {
            throw new PDUException(HEADER + s + 2, "user identity primary field length " + pl + " exceeds the item");
        }
        int sl = u16(s + 4 + pl);
        if (4 + pl + 2 + sl != l) {
            throw new PDUException(
                    HEADER + s + 4 + pl, "user identity secondary field length " + sl + " does not fit the item");
        }
        if (pl == 0) {
            throw new PDUException(HEADER + s + 2, "empty user identity primary field");
        }
        return new UserIdentityRQ(type, u8(s + 1) != 0, slice(s + 4, pl), slice(s + 6 + pl, sl));
    }

    private String prefixedUID(int s, int l, int trailer) throws PDUException {
        if (l < 2) {
            throw new PDUException(HEADER + s, "sub-item shorter than its UID length");
        }
        int ul = uidLength(s);
        if (2 + ul + trailer > l || (trailer > 0 && 2 + ul + trailer != l)) {
            throw new PDUException(HEADER + s, "UID length " + ul + " does not fit sub-item length " + l);
        }
        return uid(s + 2, ul, "SOP class UID");
    }

    private int uidLength(int s) {
        return u16(s);
    }

    private void fixed(int s, int l, int expected, String what) throws PDUException {
        if (l != expected) {
            throw new PDUException(HEADER + s - 4, what + " sub-item length must be " + expected + ", is " + l);
        }
    }

    private int itemLength(int p, int limit) throws PDUException {
        if (p + 4 > limit) {
            throw new PDUException(HEADER + p, "item header truncated");
        }
        int len = u16(p + 2);
        if (p + 4 + len > limit) {
            throw new PDUException(
                    HEADER + p + 2, "item length " + len + " exceeds its container by " + (p + 4 + len - limit));
        }
        return len;
    }

    private void setAET(AAssociateRQAC a, boolean called, int off, boolean rq) throws PDUException {
        String aet = text(off, 16);
        String problem = AETitles.problem(aet);
        if (problem != null && !rq) {
            return; // PS3.8 9.3.3: in an A-ASSOCIATE-AC these fields are not tested
        }
        if (problem != null) {
            throw new PDUException(HEADER + off, (called ? "called " : "calling ") + problem);
        }
        if (called) {
            a.setCalledAET(aet);
        } else {
            a.setCallingAET(aet);
        }
    }

    private String uid(int s, int l, String what) throws PDUException {
        int e = s + l;
        while (e > s && (b[e - 1] == 0 || b[e - 1] == ' ')) {
            e--;
        }
        if (e == s || e - s > MAX_UID) {
            throw new PDUException(HEADER + s, what + " UID length " + (e - s) + " not in 1..64");
        }
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (!(c >= '0' && c <= '9' || c == '.')) {
                throw new PDUException(HEADER + i, what + " UID contains byte " + (c & 0xff));
            }
        }
        return new String(b, s, e - s, StandardCharsets.US_ASCII);
    }

    private String text(int s, int l) {
        return new String(b, s, l, StandardCharsets.US_ASCII).strip();
    }

    private byte[] slice(int s, int l) {
        byte[] r = new byte[l];
        System.arraycopy(b, s, r, 0, l);
        return r;
    }

    private PDUException unexpected(int p, int type) {
        return new PDUException(
                HEADER + p, String.format("unexpected item type %02XH", type), AAbort.UNEXPECTED_PDU_PARAMETER);
    }

    private int u8(int p) {
        return b[p] & 0xff;
    }

    private int u16(int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private long u32(int p) {
        return ((long) u16(p) << 16) | u16(p + 2);
    }
}
