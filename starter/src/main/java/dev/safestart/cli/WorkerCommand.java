package dev.safestart.cli;

import dev.safestart.worker.WorkerProcess;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Run the Safestart worker: serves TASK_QUEUE on TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE with the"
                    + " startup workflow, its activities and the bot's trading engine, and TASK_QUEUE-monitor with"
                    + " the runtime monitor, until SIGTERM.",
            "--role bot serves only the trading side, --role monitor only the monitor (run one of each for"
                    + " oversight that survives the trading process).",
            "Configuration comes from the environment (see the README); a bad value stops it with one line.",
            "Logs are JSON lines on stdout with botId and workflowId on each."
        },
        footer = {
            "%nExit codes:",
            "  0  stopped on SIGTERM/SIGINT after draining",
            "  1  configuration refused",
            "  3  Temporal unreachable",
            "  64 bad usage"
        })
public final class WorkerCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--address", paramLabel = "HOST:PORT", description = "overrides $TEMPORAL_ADDRESS")
    String address;

    @Option(names = "--namespace", description = "overrides $TEMPORAL_NAMESPACE")
    String namespace;

    @Option(names = "--task-queue", description = "overrides $TASK_QUEUE")
    String taskQueue;

    @Option(
            names = "--role",
            paramLabel = "all|bot|monitor",
            description = "overrides $WORKER_ROLE: all (default), bot (trading side) or monitor (runtime monitor)")
    String role;

    public WorkerCommand(CliEnvironment env) {
        this.env = env;
    }

    public WorkerCommand() {
        this(CliEnvironment.system());
    }

    @Override
    public Integer call() {
        Map<String, String> vars = new HashMap<>(env.env());
        if (address != null) vars.put("TEMPORAL_ADDRESS", address);
        if (namespace != null) vars.put("TEMPORAL_NAMESPACE", namespace);
        if (taskQueue != null) vars.put("TASK_QUEUE", taskQueue);
        if (role != null) vars.put("WORKER_ROLE", role);
        return WorkerProcess.run(vars, env.err());
    }
}
