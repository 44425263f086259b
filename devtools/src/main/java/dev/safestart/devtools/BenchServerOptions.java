package dev.safestart.devtools;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** The embedded Temporal server a bench runs on, as its command line chooses it ({@code @Mixin}). */
final class BenchServerOptions {
    @Option(names = "--server", defaultValue = "auto", description = "auto (dev server when installed), dev, or test")
    String server;

    @Option(
            names = "--server-history",
            defaultValue = "file",
            description = "where the dev server keeps its history: file (a SQLite file, as the demo runs it; the"
                    + " default) or memory (as `temporal server start-dev` runs without --db-filename)")
    String serverHistory;

    /** False, after printing the one-line usage error to {@code err}, when an option's value is not one it takes. */
    boolean usageOk(PrintStream err) {
        if (!serverHistory.equals("file") && !serverHistory.equals("memory")) {
            err.println("--server-history '" + serverHistory + "': use file or memory");
            return false;
        }
        return true;
    }

    /** Anything but {@code test} takes the dev server when it is installed. */
    boolean preferDevServer() {
        return !server.equalsIgnoreCase("test");
    }

    boolean historyInFile() {
        return !serverHistory.equals("memory");
    }
}
