package dev.safestart.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A child process whose stdout and stderr go to a log file, with bounded waits. Closing it stops it
 * (SIGTERM, then SIGKILL after a grace period), so a failing test never leaves a server behind.
 */
final class ManagedProcess implements AutoCloseable {
    /** Children still running when the test JVM exits (a crash, a timeout kill) are stopped with it. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "e2e-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process process = pb.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return log;
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for assertion messages. */
    String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until the log satisfies {@code test}; fails with the log tail if the process dies or time runs out. */
    void awaitLog(Predicate<String> test, Duration timeout, String what) {
        awaitWhileAlive(() -> test.test(log()), timeout, what);
    }

    /**
     * Waits until {@code ready} holds; fails at once, with the log tail, if the process exits, and with it too when
     * time runs out.
     */
    void awaitWhileAlive(BooleanSupplier ready, Duration timeout, String what) {
        try {
            await(name + ": " + what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (ready.getAsBoolean()) {
                            return true;
                        }
                        if (!process.isAlive()) {
                            throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what
                                    + "\n--- " + log + " ---\n" + tail(60));
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    name + ": no " + what + " within " + timeout + "\n--- " + log + " ---\n" + tail(60), e);
        }
    }

    /** Waits for the process to exit; fails (and kills it) after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " still running after " + timeout + "\n" + tail(60));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** kill -9: no shutdown hook, no graceful close — a crash. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ", log " + log + ")";
    }
}
