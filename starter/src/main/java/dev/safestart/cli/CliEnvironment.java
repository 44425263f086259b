package dev.safestart.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** What a command reads from and writes to: the environment, stdout, stderr and a clock. Tests pass their own. */
public record CliEnvironment(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), System.out, System.err, Clock.systemUTC());
    }

    public String get(String name, String dflt) {
        String v = env.get(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }
}
