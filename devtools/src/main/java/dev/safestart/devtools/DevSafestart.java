package dev.safestart.devtools;

import dev.safestart.cli.CliEnvironment;
import dev.safestart.cli.CliFactory;
import picocli.CommandLine;

/**
 * The checkout's {@code safestart} ({@code bin/safestart}): every command of the production CLI, plus {@code demo}
 * and {@code bench}, which start a Temporal server of their own (the dev server, or Temporal's Java test server).
 * Those need the test server and the benchmark code, which the production jar does not carry.
 */
public final class DevSafestart {
    private DevSafestart() {}

    /** The production command line over {@code environment} with {@code demo} and {@code bench} added. */
    public static CommandLine commandLine(CliEnvironment environment) {
        return CliFactory.commandLine(environment, DemoCommand.class, BenchCommand.class);
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliEnvironment.system()).execute(args));
    }
}
