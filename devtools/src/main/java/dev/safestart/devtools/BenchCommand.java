package dev.safestart.devtools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code safestart bench <name>}: benchmark entry points, each printing one JSON document. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks printing JSON (p50/p99 and the baseline named by the issue, in the same run).",
        subcommands = {
            BenchHandshakeCommand.class,
            BenchStartupCommand.class,
            BenchRuntimeCommand.class,
            BenchReadinessCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
