package dev.safestart.devtools;

import dev.safestart.cli.CliEnvironment;
import dev.safestart.cli.ExitCodes;
import dev.safestart.devtools.demo.DemoContext;
import dev.safestart.devtools.demo.DemoRuntimeSteps;
import dev.safestart.devtools.demo.DemoStep;
import dev.safestart.devtools.demo.DemoSteps;
import dev.safestart.localrun.EmbeddedTemporal;
import dev.safestart.worker.logging.LogSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "The whole startup story on this machine, nothing else needed: starts Temporal (the"
                    + " `temporal` dev server when installed, else the Java test server), a gateway simulator replaying"
                    + " the classic startup (port closed 3 s → API not ready 5 s → not authenticated 3 s → ready), a"
                    + " gameplan for today, a worker, and `start demo-bot`; shows every attempt as it happens, ends"
                    + " VALIDATED, prints the attempts and how to inspect the run, then shuts everything down."
        },
        footer = {
            "%nExit codes:",
            "  0  the story ran to its end (VALIDATED)",
            "  1  a step failed (the message says which)",
            "  64 bad usage"
        })
public final class DemoCommand implements Callable<Integer> {
    /** The log file in the work dir, unless {@code --verbose}. */
    static final String LOG_FILE = "demo.log";

    private final CliEnvironment env;

    @Option(
            names = "--server",
            defaultValue = "auto",
            description = "auto (dev server when installed), dev, or test (Java test server); default ${DEFAULT-VALUE}")
    String server;

    @Option(
            names = "--keep-running",
            description = "after the story, keep Temporal (and its UI) up until Enter or Ctrl-C")
    boolean keepRunning;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "where the demo writes the gameplan and the dev server's database (default: a new temp dir)")
    Path workDir;

    @Option(
            names = {"-v", "--verbose"},
            description = "show log output (INFO) on stderr instead of writing it to the work dir's demo.log")
    boolean verbose;

    public DemoCommand(CliEnvironment env) {
        this.env = env;
    }

    public DemoCommand() {
        this(CliEnvironment.system());
    }

    @Override
    public Integer call() throws IOException {
        LogSetup.cli(verbose);
        String mode = server.toLowerCase(Locale.ROOT);
        if (!List.of("auto", "dev", "test").contains(mode)) {
            env.err().println("--server '" + server + "' is not accepted: expected auto, dev or test");
            return ExitCodes.USAGE;
        }
        if (mode.equals("dev") && EmbeddedTemporal.devServerBinary().isEmpty()) {
            env.err()
                    .println("--server dev: no `temporal` binary on PATH or in ~/go/bin"
                            + " (go install github.com/temporalio/cli/cmd/temporal@v1.5.1)");
            return ExitCodes.FAILED;
        }
        Path dir = workDir != null
                ? workDir
                : EmbeddedTemporal.tempDir(Path.of(System.getProperty("java.io.tmpdir")), "safestart-demo-");
        // The story on stdout is for a person: log lines (the SDK's warnings among them) go to a file.
        Path logFile = dir.resolve(LOG_FILE);
        if (!verbose) {
            LogSetup.toFile(logFile);
            env.out().println("log lines go to " + logFile + " (--verbose shows them on stderr)");
        }
        List<DemoStep> steps = DemoSteps.startupDemo();
        steps.addAll(DemoRuntimeSteps.runtimeDemo());
        long t0 = System.nanoTime();
        try (DemoContext ctx = new DemoContext(env.out(), dir, !mode.equals("test"))) {
            for (int i = 0; i < steps.size(); i++) {
                DemoStep step = steps.get(i);
                env.out()
                        .printf(
                                Locale.ROOT,
                                "[%d/%d] %s  (+%.1f s)%n",
                                i + 1,
                                steps.size(),
                                step.title(),
                                (System.nanoTime() - t0) / 1e9);
                try {
                    step.run(ctx);
                } catch (Exception e) {
                    env.out().println("demo stopped at '" + step.title() + "': " + e.getMessage());
                    if (!verbose) {
                        env.out().println("log lines: " + logFile);
                    }
                    env.out().println("shutting down…");
                    return ExitCodes.FAILED;
                }
            }
            if (keepRunning) {
                env.out()
                        .println("Temporal stays up at " + ctx.temporal.address()
                                + "; press Enter (or Ctrl-C) to stop.");
                System.in.read();
            }
            env.out().println("shutting down…");
        }
        env.out().printf(Locale.ROOT, "demo done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return ExitCodes.OK;
    }
}
