package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production jar (starter/target/safestart.jar, what docker/Dockerfile copies into the image) holds no test
 * framework and no benchmark or demo code: those are the checkout's jar (devtools/target/safestart-dev.jar, run by
 * bin/safestart), which holds them on top of every production command.
 */
class ProductionJarTest {
    /** Path prefixes that must never reach the image: test frameworks, Temporal's test server, dev-only code. */
    static final List<String> FORBIDDEN = List.of(
            "io/temporal/testing/",
            "io/temporal/testserver/",
            "okhttp3/mockwebserver/",
            "mockwebserver3/",
            "org/junit/",
            "junit/",
            "org/assertj/",
            "org/awaitility/",
            "dev/safestart/devtools/",
            "dev/safestart/localrun/");

    /** Benchmark and demo classes, wherever they live. */
    static final Predicate<String> DEV_ONLY_CLASS =
            name -> name.endsWith(".class") && name.matches("(.*/)?(Bench|Demo)[^/]*\\.class");

    @Test
    void theProductionJarHoldsNoTestFrameworkAndNoBenchmarkOrDemoCode() throws IOException {
        List<String> entries = entries(Tools.safestartJar());
        assertThat(entries)
                .as("what the image runs")
                .contains(
                        "dev/safestart/cli/SafestartCommand.class",
                        "dev/safestart/cli/WorkerCommand.class",
                        "dev/safestart/cli/SimCommand.class",
                        "dev/safestart/cli/WorkerHealthcheck.class",
                        "dev/safestart/worker/WorkerWiring.class");
        assertThat(offending(entries))
                .as("test or dev-only code in the production jar")
                .isEmpty();
    }

    @Test
    void theCheckoutsJarHoldsTheDemoAndTheBenchmarksOnTopOfTheProductionCommands() throws IOException {
        List<String> entries = entries(Tools.devJar());
        assertThat(entries)
                .contains(
                        "dev/safestart/cli/SafestartCommand.class",
                        "dev/safestart/devtools/DemoCommand.class",
                        "dev/safestart/devtools/BenchCommand.class",
                        "io/temporal/testserver/TestServer.class");
    }

    @Test
    void theCheckIsNotVacuous() {
        assertThat(offending(List.of(
                        "io/temporal/testing/TestWorkflowEnvironment.class",
                        "okhttp3/mockwebserver/MockWebServer.class",
                        "org/junit/jupiter/api/Test.class",
                        "dev/safestart/cli/BenchRuntimeCommand.class",
                        "dev/safestart/cli/demo/DemoSteps.class",
                        "dev/safestart/cli/StartCommand.class",
                        "io/temporal/internal/testservice/InProcessGRPCServer.class")))
                .containsExactly(
                        "io/temporal/testing/TestWorkflowEnvironment.class",
                        "okhttp3/mockwebserver/MockWebServer.class",
                        "org/junit/jupiter/api/Test.class",
                        "dev/safestart/cli/BenchRuntimeCommand.class",
                        "dev/safestart/cli/demo/DemoSteps.class");
    }

    static List<String> offending(List<String> entries) {
        return entries.stream()
                .filter(e -> FORBIDDEN.stream().anyMatch(e::startsWith) || DEV_ONLY_CLASS.test(e))
                .toList();
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
        }
    }
}
