package io.radflow.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes association-control PDUs (PS3.8 section 9.3) into complete PDUs, header included. */
public final class PDUEncoder {
    private PDUEncoder() {}

    public static byte[] encode(AAssociateRQ rq) {
        Out items = new Out();
        items.item(PDUType.APPLICATION_CONTEXT, ascii(rq.getApplicationContext()));
        for (PresentationContext pc : rq.getPresentationContexts()) {
            Out sub = new Out();
            sub.u8(pc.id()).u8(0).u8(0).u8(0);
            sub.item(PDUType.ABSTRACT_SYNTAX, ascii(pc.abstractSyntax()));
            for (String ts : pc.transferSyntaxes()) {
                sub.item(PDUType.TRANSFER_SYNTAX, ascii(ts));
            }
            items.item(PDUType.PRESENTATION_CONTEXT_RQ, sub.toByteArray());
        }
        Out ui = userInfo(rq);
        UserIdentityRQ uid = rq.getUserIdentity();
        if (uid != null) {
            Out sub = new Out();
            sub.u8(uid.type()).u8(uid.positiveResponseRequested() ? 1 : 0);
            sub.u16(uid.primaryField().length).bytes(uid.primaryField());
            sub.u16(uid.secondaryField().length).bytes(uid.secondaryField());
            ui.item(PDUType.USER_IDENTITY_RQ, sub.toByteArray());
        }
        items.item(PDUType.USER_INFORMATION, ui.toByteArray());
        return associate(PDUType.A_ASSOCIATE_RQ, rq, items);
    }

    public static byte[] encode(AAssociateAC ac) {
        Out items = new Out();
        items.item(PDUType.APPLICATION_CONTEXT, ascii(ac.getApplicationContext()));
        for (PresentationContext pc : ac.getPresentationContexts()) {
            Out sub = new Out();
            sub.u8(pc.id()).u8(0).u8(pc.result()).u8(0);
            // PS3.8 9.3.3.2: the transfer syntax sub-item is present but not significant when rejected
            String ts = pc.transferSyntax();
            sub.item(PDUType.TRANSFER_SYNTAX, ts == null ? new byte[0] : ascii(ts));
            items.item(PDUType.PRESENTATION_CONTEXT_AC, sub.toByteArray());
        }
        Out ui = userInfo(ac);
        if (ac.getUserIdentity() != null) {
            byte[] rsp = ac.getUserIdentity().serverResponse();
            ui.item(
                    PDUType.USER_IDENTITY_AC,
                    new Out().u16(rsp.length).bytes(rsp).toByteArray());
        }
        items.item(PDUType.USER_INFORMATION, ui.toByteArray());
        return associate(PDUType.A_ASSOCIATE_AC, ac, items);
    }

    public static byte[] encode(AAssociateRJ rj) {
        return new Out()
                .u8(PDUType.A_ASSOCIATE_RJ)
                .u8(0)
                .u32(4)
                .u8(0)
                .u8(rj.result())
                .u8(rj.source())
                .u8(rj.reason())
                .toByteArray();
    }

    public static byte[] encode(AAbort abort) {
        return new Out()
                .u8(PDUType.A_ABORT)
                .u8(0)
                .u32(4)
                .u8(0)
                .u8(0)
                .u8(abort.source())
                .u8(abort.reason())
                .toByteArray();
    }

    public static byte[] releaseRQ() {
        return new Out().u8(PDUType.A_RELEASE_RQ).u8(0).u32(4).u32(0).toByteArray();
    }

    public static byte[] releaseRP() {
        return new Out().u8(PDUType.A_RELEASE_RP).u8(0).u32(4).u32(0).toByteArray();
    }

    private static Out userInfo(AAssociateRQAC a) {
        Out ui = new Out();
        ui.item(PDUType.MAXIMUM_LENGTH, new Out().u32(a.getMaxPDULength()).toByteArray());
        if (a.getImplementationClassUID() != null) {
            ui.item(PDUType.IMPLEMENTATION_CLASS_UID, ascii(a.getImplementationClassUID()));
        }
        if (a.hasAsyncOpsWindow()) {
            ui.item(
                    PDUType.ASYNC_OPERATIONS_WINDOW,
                    new Out()
                            .u16(a.getMaxOpsInvoked())
                            .u16(a.getMaxOpsPerformed())
                            .toByteArray());
        }
        for (RoleSelection rs : a.getRoleSelections()) {
            byte[] uid = ascii(rs.sopClassUID());
            ui.item(
                    PDUType.ROLE_SELECTION,
                    new Out()
                            .u16(uid.length)
                            .bytes(uid)
                            .u8(rs.scu() ? 1 : 0)
                            .u8(rs.scp() ? 1 : 0)
                            .toByteArray());
        }
        if (a.getImplementationVersionName() != null) {
            ui.item(PDUType.IMPLEMENTATION_VERSION_NAME, ascii(a.getImplementationVersionName()));
        }
        for (ExtendedNegotiation en : a.getExtendedNegotiations()) {
            byte[] uid = ascii(en.sopClassUID());
            ui.item(
                    PDUType.SOP_CLASS_EXTENDED_NEGOTIATION,
                    new Out().u16(uid.length).bytes(uid).bytes(en.info()).toByteArray());
        }
        return ui;
    }

    private static byte[] associate(int type, AAssociateRQAC a, Out items) {
        byte[] body = items.toByteArray();
        Out pdu = new Out();
        pdu.u8(type).u8(0).u32(68 + body.length);
        pdu.u16(a.getProtocolVersion()).u16(0);
        pdu.bytes(aet(a.getCalledAET())).bytes(aet(a.getCallingAET()));
        pdu.bytes(new byte[32]).bytes(body);
        return pdu.toByteArray();
    }

    private static byte[] aet(String aet) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] s = ascii(aet);
        System.arraycopy(s, 0, b, 0, Math.min(16, s.length));
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A big-endian byte sink with item helpers. */
    private static final class Out extends ByteArrayOutputStream {
        Out u8(int v) {
            write(v);
            return this;
        }

        Out u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Out u32(int v) {
            u16(v >>> 16);
            return u16(v);
        }

        Out bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        Out item(int type, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("item " + Integer.toHexString(type) + " longer than 65535 bytes");
            }
            return u8(type).u8(0).u16(value.length).bytes(value);
        }
    }
}
