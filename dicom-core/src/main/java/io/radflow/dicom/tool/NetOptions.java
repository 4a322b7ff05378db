package io.radflow.dicom.tool;

import java.util.ArrayList;
import java.util.List;

/** Option parsing shared by the network subcommands: "-name value" pairs and positionals. */
final class NetOptions {
    private final List<String> args;
    private final List<String> positional = new ArrayList<>();
    private final java.util.Map<String, String> values = new java.util.HashMap<>();
    private final java.util.Set<String> flags = new java.util.HashSet<>();

    /** {@code withValue} options take the next argument; {@code flagNames} take none. */
    NetOptions(List<String> args, List<String> withValue, List<String> flagNames) throws RadflowDicom.UsageException {
        this.args = args;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (withValue.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new RadflowDicom.UsageException(a + " needs a value");
                }
                values.put(a, args.get(++i));
            } else if (flagNames.contains(a)) {
                flags.add(a);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new RadflowDicom.UsageException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
    }

    String get(String name, String def) {
        return values.getOrDefault(name, def);
    }

    int getInt(String name, int def) throws RadflowDicom.UsageException {
        String v = values.get(name);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RadflowDicom.UsageException(name + " expects a number, got " + v);
        }
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> positional() {
        return positional;
    }

    int port(String s) throws RadflowDicom.UsageException {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new RadflowDicom.UsageException("not a port: " + s);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", args);
    }
}
