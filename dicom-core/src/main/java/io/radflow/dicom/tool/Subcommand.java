package io.radflow.dicom.tool;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@link RadflowDicom}; register it there with one line. */
public interface Subcommand {
    /** Name typed on the command line ("dump"). */
    String name();

    /** One line: arguments and what it does. */
    String usage();

    /** Runs with the arguments after the name; returns the exit status. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
