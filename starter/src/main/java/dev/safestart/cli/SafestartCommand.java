package dev.safestart.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code safestart} CLI: a thin shell over the same classes the tests use. This is the production command set
 * (the Docker image's jar); the checkout's {@code bin/safestart} adds {@code demo} and {@code bench} (module
 * {@code devtools}).
 */
@Command(
        name = "safestart",
        mixinStandardHelpOptions = true,
        version = "safestart 0.1.0",
        description = "Start and keep alive a trading bot against an IB Gateway, on Temporal.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ProbeCommand.class,
            StartCommand.class,
            StatusCommand.class,
            AttemptsCommand.class,
            ListCommand.class,
            PreflightCommand.class,
            ResumeCommand.class,
            StrategyCCommand.class,
            ScheduleCommand.class,
            SimCommand.class,
            WorkerCommand.class
        })
public final class SafestartCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SafestartCommand()).execute(args));
    }
}
