package io.radflow.dicom.tool;

import io.radflow.dicom.io.DicomStreamException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code radflow-dicom} command line tool. Subcommands are registered in {@link #COMMANDS}:
 * other packages add their subcommand class with one line there.
 */
public final class RadflowDicom {
    private static final Map<String, Subcommand> COMMANDS = new TreeMap<>();

    static {
        register(new DumpCommand());
        register(new JsonCommand());
        register(new TranscodeCommand());
        register(new FrameCommand());
        register(new EchoScuCommand());
        register(new StoreScuCommand());
        register(new StoreScpCommand());
        register(new SrCommand());
        register(new SegCommand());
    }

    private RadflowDicom() {}

    static void register(Subcommand c) {
        COMMANDS.put(c.name(), c);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line; returns the exit status (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || !COMMANDS.containsKey(args[0])) {
            if (args.length > 0 && !args[0].startsWith("-")) {
                err.println("radflow-dicom: unknown command '" + args[0] + "'");
            }
            usage(args.length == 0 ? err : out);
            return args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")) ? 0 : 2;
        }
        Subcommand c = COMMANDS.get(args[0]);
        try {
            return c.run(Arrays.asList(args).subList(1, args.length), out, err);
        } catch (UsageException e) {
            err.println("radflow-dicom " + c.name() + ": " + e.getMessage());
            err.println("usage: radflow-dicom " + c.name() + " " + c.usage());
            return 2;
        } catch (DicomStreamException e) {
            err.println("radflow-dicom " + c.name() + ": invalid DICOM: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("radflow-dicom " + c.name() + ": " + e);
            return 1;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: radflow-dicom COMMAND [ARGS]");
        for (Subcommand c : COMMANDS.values()) {
            s.println("  " + c.name() + " " + c.usage());
        }
    }

    /** Thrown by subcommands for bad arguments (exit status 2 with the usage line). */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
