package dev.safestart.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.cli.CliEnvironment;
import dev.safestart.localrun.EmbeddedTemporal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `safestart demo` end to end in this JVM: Temporal, the simulator's classic story, worker, startup, VALIDATED. */
class DemoCommandTest {
    /** A log line as any of our layouts writes it: the CLI's text ("12:00:01.234 WARN ...") or the worker's JSON. */
    private static final Pattern LOG_LINE =
            Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR)\\b|\"level\":");

    /** The exit code and output of the checkout's command line, run in this JVM. */
    private record CliRun(int exitCode, String out, String err) {}

    /** The demo's output, and whatever reached the process's real stdout and stderr while it ran. */
    private record Demo(CliRun run, String console) {}

    /** Runs {@code bin/safestart}'s command line ({@link DevSafestart}) with captured output. */
    private static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        int code = DevSafestart.commandLine(env).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Demo runDemo(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return new Demo(run(args), console.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theDemoTellsTheClassicStartupStoryOnTheJavaTestServer(@TempDir Path dir) throws Exception {
        Demo demo = runDemo("demo", "--server", "test", "--work-dir", dir.toString());
        CliRun run = demo.run();
        assertDemo(run);
        assertThat(run.out()).contains("Java test server");
        assertQuiet(demo, dir);
    }

    @Test
    void theDemoRunsOnTheRealDevServerWhenInstalled(@TempDir Path dir) throws Exception {
        boolean installed = EmbeddedTemporal.devServerBinary().isPresent();
        if (!"1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"))) {
            Assumptions.assumeTrue(installed, "the temporal binary is not installed");
        }
        Demo demo = runDemo("demo", "--server", "dev", "--work-dir", dir.toString());
        CliRun run = demo.run();
        assertDemo(run);
        assertQuiet(demo, dir);
        assertThat(run.out())
                .contains("temporal dev server")
                .contains("Web UI http://127.0.0.1:")
                .contains("--db-filename " + dir.resolve("temporal.db"));
    }

    /** The story only: no log line and no escape code on the console; the log lines are in the file it names. */
    private static void assertQuiet(Demo demo, Path dir) throws Exception {
        Path log = dir.resolve(DemoCommand.LOG_FILE);
        assertThat(demo.run().out()).startsWith("log lines go to " + log + " (--verbose shows them on stderr)");
        for (String shown : new String[] {demo.run().out(), demo.run().err(), demo.console()}) {
            assertThat(shown).doesNotContain("\u001b").doesNotContainPattern(LOG_LINE);
        }
        assertThat(Files.readString(log)).containsPattern(LOG_LINE);
    }

    private static void assertDemo(CliRun run) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String out = run.out();
        assertThat(out).containsPattern("\\[1/\\d+] Temporal").containsPattern("\\[7/\\d+] Inspect the run");
        // The classic story, as attempts seen live: closed port, then ready. On the default handshake timeout the
        // silent API and the phase without accounts fall inside one hedged attempt (or the watch beside a backoff).
        // (Attempt 1 meets the refused port unless the server took longer to start than the 3 s closed phase.)
        assertThat(out)
                .containsPattern("attempt  1/30  (PORT_CLOSED|READY)")
                .containsPattern("attempt +\\d+/30  READY")
                .containsPattern("PORT_CLOSED|hedged");
        assertThat(out)
                .contains("GATEWAY_HANDSHAKE_TIMEOUT=60 s (the default)")
                .contains("GATEWAY_RETRY_INTERVAL=1: first retry after 1 s");
        assertThat(out).contains("VALIDATED: strategy A active");
        assertThat(out)
                .contains("ATTEMPT")
                .contains("temporal workflow show --workflow-id startup-demo-bot --address 127.0.0.1:");
        assertThat(out).contains("shutting down").contains("demo done in");
    }
}
