package dev.safestart.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code safestart bench <name>}: benchmark entry points that print JSON (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its result as JSON.",
        subcommands = {
                BenchHandshakeCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
