package io.radflow.dicom.tool;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Association;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.Status;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.PrintStream;
import java.util.List;

/** {@code echoscu [-aet AET] [-aec AET] [-repeat N] HOST PORT}: C-ECHO, like dcmtk's echoscu. */
final class EchoScuCommand implements Subcommand {
    @Override
    public String name() {
        return "echoscu";
    }

    @Override
    public String usage() {
        return "[-aet ECHOSCU] [-aec ANY-SCP] [-repeat 1] HOST PORT   verify a peer with C-ECHO";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        NetOptions o = new NetOptions(args, List.of("-aet", "-aec", "-repeat"), List.of());
        if (o.positional().size() != 2) {
            throw new RadflowDicom.UsageException("expected HOST PORT");
        }
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET(o.get("-aec", "ANY-SCP"));
        rq.addPresentationContext(
                PresentationContext.rq(1, UID.Verification, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
        Connection remote =
                new Connection(o.positional().get(0), o.port(o.positional().get(1)));
        int failures = 0;
        try (Association as = new ApplicationEntity(o.get("-aet", "ECHOSCU")).connect(remote, rq)) {
            for (int i = 0; i < o.getInt("-repeat", 1); i++) {
                int status = as.cecho();
                out.println("C-ECHO " + as + ": status " + Status.toString(status));
                if (status != Status.Success) {
                    failures++;
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
