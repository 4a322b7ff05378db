package io.radflow.dicom.tool;

import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.DicomServer;
import io.radflow.dicom.net.FolderStoreHandler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code storescp [-aet AET] [-bind ADDR] [-accept AET,..] [-pdu N] [-max-associations N]
 * [-no-fsync] PORT DIR}: C-ECHO and C-STORE SCP writing each instance to DIR as
 * {@code <SOPInstanceUID>.dcm} ({@code .part}, fsync, atomic rename); runs until stopped.
 */
final class StoreScpCommand implements Subcommand {
    @Override
    public String name() {
        return "storescp";
    }

    @Override
    public String usage() {
        return "[-aet RADFLOW] [-bind 127.0.0.1] [-accept AET,...] [-pdu 65536] [-max-associations 0] [-no-fsync] PORT DIR"
                + "   receive C-STORE into DIR";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        NetOptions o = new NetOptions(
                args, List.of("-aet", "-bind", "-accept", "-pdu", "-max-associations"), List.of("-no-fsync"));
        if (o.positional().size() != 2) {
            throw new RadflowDicom.UsageException("expected PORT DIR");
        }
        ApplicationEntity ae = new ApplicationEntity(o.get("-aet", "RADFLOW"))
                .setStoreHandler(new FolderStoreHandler(Path.of(o.positional().get(1)), !o.has("-no-fsync")))
                .setMaxAssociations(o.getInt("-max-associations", 0));
        String accept = o.get("-accept", "");
        if (!accept.isBlank()) {
            ae.acceptCallingAETitles(accept.split(","));
        }
        Connection conn = new Connection(
                        o.get("-bind", "127.0.0.1"), o.port(o.positional().get(0)))
                .setMaxPDULengthReceive(o.getInt("-pdu", Connection.DEFAULT_MAX_PDU_LENGTH));
        CountDownLatch stop = new CountDownLatch(1);
        try (DicomServer server = new DicomServer(conn, ae).start()) {
            Thread hook = new Thread(stop::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("storescp " + ae.getAETitle() + " listening on " + conn.getHostname() + ":"
                    + server.getLocalPort());
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down
                }
            }
        }
        return 0;
    }
}
