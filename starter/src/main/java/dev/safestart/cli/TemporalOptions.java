package dev.safestart.cli;

import dev.safestart.worker.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --address --namespace --profile --task-queue --verbose} on top of the environment: the Temporal client
 * environment configuration (TEMPORAL_* variables, temporal.toml profiles) and TASK_QUEUE. Flags win.
 */
public final class TemporalOptions {
    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description = "Temporal frontend (default: $TEMPORAL_ADDRESS or 127.0.0.1:7233)")
    String address;

    @Option(names = "--namespace", description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default)")
    String namespace;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "profile in the Temporal config file (temporal.toml; default: $TEMPORAL_PROFILE or default)")
    String profile;

    @Option(names = "--task-queue", description = "task queue the worker serves (default: $TASK_QUEUE or safestart)")
    String taskQueue;

    @Option(
            names = {"-v", "--verbose"},
            description = "show log output (INFO) on stderr")
    boolean verbose;

    /**
     * The full configuration from the environment with these options layered on top (options win), validated as
     * a whole. Commands that only talk to Temporal pass {@code temporalOnly} so an unrelated bad variable does
     * not stop a read-only command.
     */
    public WorkerConfig config(CliEnvironment environment, boolean temporalOnly) {
        Map<String, String> env = new HashMap<>();
        if (temporalOnly) {
            environment.env().forEach((k, v) -> {
                if (k.startsWith("TEMPORAL_") || k.equals("TASK_QUEUE")) {
                    env.put(k, v);
                }
            });
        } else {
            env.putAll(environment.env());
        }
        if (address != null) env.put("TEMPORAL_ADDRESS", address);
        if (namespace != null) env.put("TEMPORAL_NAMESPACE", namespace);
        if (profile != null) env.put("TEMPORAL_PROFILE", profile);
        if (taskQueue != null) env.put("TASK_QUEUE", taskQueue);
        return WorkerConfig.fromEnv(env);
    }
}
