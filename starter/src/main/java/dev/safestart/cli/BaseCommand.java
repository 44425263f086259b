package dev.safestart.cli;

import dev.safestart.worker.ConfigException;
import dev.safestart.worker.logging.LogSetup;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Common frame of the Temporal-facing commands: quiet logging, the common options, and one place that turns
 * a refused configuration, an unreachable server or a missing workflow into one line and an exit code.
 */
abstract class BaseCommand implements Callable<Integer> {
    protected final CliEnvironment env;

    @Mixin
    protected TemporalOptions temporal = new TemporalOptions();

    protected BaseCommand(CliEnvironment env) {
        this.env = env;
    }

    protected BaseCommand() {
        this(CliEnvironment.system());
    }

    @Override
    public final Integer call() {
        LogSetup.cli(temporal.verbose);
        try {
            return run();
        } catch (ConfigException e) {
            env.err().println(e.getMessage());
            return ExitCodes.FAILED;
        } catch (CliException e) {
            env.err().println(e.getMessage());
            return e.exitCode();
        } catch (StatusRuntimeException e) {
            env.err().println(describe(e));
            return ExitCodes.ERROR;
        }
    }

    protected abstract int run();

    static String describe(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return "cannot reach Temporal (" + code
                    + "): start one with `temporal server start-dev` or try `safestart demo`";
        }
        return "Temporal refused the request: " + code + " " + e.getStatus().getDescription();
    }
}
