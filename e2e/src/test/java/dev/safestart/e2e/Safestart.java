package dev.safestart.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shaded CLI jar run as its own JVM, as an operator or a container runs it. */
final class Safestart {
    private final Map<String, String> env;
    private final Path logDir;

    Safestart(Map<String, String> env, Path logDir) {
        this.env = Map.copyOf(env);
        this.logDir = logDir;
    }

    Safestart with(Map<String, String> more) {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(more);
        return new Safestart(e, logDir);
    }

    Map<String, String> env() {
        return env;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                Tools.safestartJar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A long-running command (worker, sim), its output in {@code <logDir>/<name>.log}. */
    ManagedProcess spawn(String name, String... args) {
        return ManagedProcess.start(name, command(args), env, logDir);
    }

    /** A short command, waited for. */
    CommandResult run(Duration timeout, String... args) {
        return CommandResult.run(command(args), env, timeout);
    }
}
