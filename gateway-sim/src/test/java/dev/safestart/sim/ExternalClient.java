package dev.safestart.sim;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the interop scripts (interop/node/probe.js, interop/python/probe.py) as a process and hands its
 * JSON lines to the test. When the client is not installed the test is skipped, unless SAFESTART_REQUIRE_TOOLS=1.
 */
final class ExternalClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EOF = JSON.createObjectNode().put("event", "<eof>");

    enum Kind {
        STOQEY_IB,
        IB_ASYNC
    }

    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<JsonNode> seen = new ArrayList<>();

    private ExternalClient(Process process) {
        this.process = process;
        Thread out = new Thread(this::pumpStdout, "interop-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::pumpStderr, "interop-stderr");
        err.setDaemon(true);
        err.start();
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("interop"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no interop/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * Skips (or fails, with SAFESTART_REQUIRE_TOOLS=1) when the client is not installed by bin/setup.d/10-interop.sh.
     */
    static void assumeInstalled(Kind kind) {
        Path root = repoRoot();
        boolean installed;
        String what;
        if (kind == Kind.STOQEY_IB) {
            installed = Files.isRegularFile(root.resolve("interop/node/node_modules/@stoqey/ib/package.json"))
                    && onPath("node");
            what = "node and interop/node/node_modules (@stoqey/ib)";
        } else {
            installed = Files.isExecutable(root.resolve("interop/python/.venv/bin/python"));
            what = "interop/python/.venv (ib_async)";
        }
        if (!installed) {
            String message = what + " missing: run bin/setup.d/10-interop.sh";
            if ("1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"))) {
                fail(message + " (SAFESTART_REQUIRE_TOOLS=1)");
            }
            Assumptions.abort(message);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static ExternalClient start(Kind kind, int port, int clientId, String mode, Duration timeout) throws IOException {
        assumeInstalled(kind);
        Path root = repoRoot();
        List<String> command = new ArrayList<>();
        if (kind == Kind.STOQEY_IB) {
            command.addAll(List.of(
                    "node",
                    root.resolve("interop/node/probe.js").toString(),
                    "--timeout-ms",
                    Long.toString(timeout.toMillis())));
        } else {
            command.addAll(List.of(
                    root.resolve("interop/python/.venv/bin/python").toString(),
                    root.resolve("interop/python/probe.py").toString(),
                    "--timeout",
                    Double.toString(timeout.toMillis() / 1000.0)));
        }
        command.addAll(List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--client-id",
                Integer.toString(clientId),
                "--mode",
                mode));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        return new ExternalClient(builder.start());
    }

    /**
     * Runs interop/python/ibapi_probe.py (IB's official Python client, installed into interop/python/.venv-ibapi by
     * bin/setup.d/10-interop.sh) with the given arguments; skipped (or failed) like the others when not installed.
     */
    static ExternalClient startOfficial(List<String> args) throws IOException {
        Path root = repoRoot();
        Path python = root.resolve("interop/python/.venv-ibapi/bin/python");
        if (!Files.isExecutable(python)) {
            String message = "interop/python/.venv-ibapi (ibapi-latest) missing: run bin/setup.d/10-interop.sh";
            if ("1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"))) {
                fail(message + " (SAFESTART_REQUIRE_TOOLS=1)");
            }
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(List.of(
                python.toString(), root.resolve("interop/python/ibapi_probe.py").toString()));
        command.addAll(args);
        return new ExternalClient(
                new ProcessBuilder(command).directory(root.toFile()).start());
    }

    private void pumpStdout() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    synchronized (stderr) {
                        stderr.add("stdout (not JSON): " + line);
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        } finally {
            lines.add(EOF);
        }
    }

    private void pumpStderr() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderr) {
                    if (stderr.size() < 200) {
                        stderr.add(line);
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    /** The next line whose "event" is the given one; fails with everything seen when it does not come in time. */
    JsonNode await(String event, Duration timeout) throws InterruptedException {
        return await(line -> event.equals(line.path("event").asText()), "'" + event + "' line", timeout);
    }

    /** The next line that matches (lines already seen are not looked at again). */
    JsonNode await(java.util.function.Predicate<JsonNode> match, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || line == EOF) {
                if (line == EOF) {
                    lines.add(EOF);
                }
                fail("no " + what + " from the client within " + timeout + "; lines: " + seen + "; stderr: "
                        + stderrText());
            }
            seen.add(line);
            if (match.test(line)) {
                return line;
            }
        }
    }

    List<JsonNode> seen() {
        return List.copyOf(seen);
    }

    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("client did not exit within " + timeout + "; stderr: " + stderrText());
        }
        return process.exitValue();
    }

    String stderrText() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
