package io.radflow.dicom.tool;

import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.Status;
import io.radflow.dicom.net.StoreSCU;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code storescu [-aet AET] [-aec AET] [-j N] [-pdu N] HOST PORT FILE|DIR...}: sends Part 10 files
 * (folders recursively) with C-STORE over N parallel associations, like dcmtk's storescu.
 */
final class StoreScuCommand implements Subcommand {
    @Override
    public String name() {
        return "storescu";
    }

    @Override
    public String usage() {
        return "[-aet STORESCU] [-aec ANY-SCP] [-j 1] [-pdu 65536] HOST PORT FILE|DIR...   send files with C-STORE";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        NetOptions o = new NetOptions(args, List.of("-aet", "-aec", "-j", "-pdu"), List.of());
        if (o.positional().size() < 3) {
            throw new RadflowDicom.UsageException("expected HOST PORT FILE|DIR...");
        }
        ApplicationEntity ae = new ApplicationEntity(o.get("-aet", "STORESCU"));
        ae.getConnection().setMaxPDULengthReceive(o.getInt("-pdu", Connection.DEFAULT_MAX_PDU_LENGTH));
        Connection remote =
                new Connection(o.positional().get(0), o.port(o.positional().get(1)));
        List<Path> paths = o.positional().subList(2, o.positional().size()).stream()
                .map(Path::of)
                .toList();
        List<StoreSCU.Instance> instances = StoreSCU.scan(paths);
        long t0 = System.nanoTime();
        List<StoreSCU.Result> results =
                new StoreSCU(ae, remote, o.get("-aec", "ANY-SCP")).send(instances, o.getInt("-j", 1));
        double s = (System.nanoTime() - t0) / 1e9;
        int failed = 0;
        for (StoreSCU.Result r : results) {
            if (!r.ok()) {
                failed++;
                err.println("failed: " + r.instance().file() + ": "
                        + (r.status() < 0 ? r.error() : "status " + Status.toString(r.status()) + " " + r.error()));
            } else if (r.status() != Status.Success) {
                err.println("warning: " + r.instance().file() + ": status " + Status.toString(r.status()));
            }
        }
        out.printf(
                "sent %d of %d instances in %.3f s (%.1f/s), %d failed%n",
                results.size() - failed, instances.size(), s, (results.size() - failed) / s, failed);
        return failed == 0 && !instances.isEmpty() ? 0 : 1;
    }
}
