package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * temporal-config/ on the real dev server and the real server on PostgreSQL: setup.sh creates what is missing and
 * changes nothing on a second run; dev-server.sh hands the dev server the same search attributes and dynamic config
 * as the compose server; the tool setup steps are quick no-ops once their tool is installed.
 */
@ExtendWith({DevServerExtension.class, PostgresServerExtension.class})
class TemporalConfigTest {
    private static final List<String> ATTRIBUTES = List.of("BotId", "StartupOutcome", "GatewayState", "ActiveStrategy");

    private static CommandResult setup(TemporalServer server, String namespace) {
        return CommandResult.run(
                List.of(Tools.root().resolve("temporal-config/setup.sh").toString()),
                Map.of(
                        "TEMPORAL_ADDRESS",
                        server.address(),
                        "TEMPORAL_NAMESPACE",
                        namespace,
                        "TEMPORAL_BIN",
                        server.temporalBin().toString(),
                        "SETUP_WAIT_SECONDS",
                        "30"),
                Duration.ofSeconds(120));
    }

    @Test
    void setupCreatesNamespaceAndSearchAttributesOnceAndIsIdempotent(DevServer server) {
        String namespace = "ns" + System.nanoTime();
        CommandResult first = setup(server, namespace).assertSuccess();
        assertThat(first.stdout()).contains("namespace " + namespace + " created");
        for (String a : ATTRIBUTES) {
            assertThat(first.stdout()).contains("search attribute " + a + " (Keyword) created");
        }
        CommandResult second = setup(server, namespace).assertSuccess();
        assertThat(second.stdout())
                .contains("namespace " + namespace + " exists")
                .doesNotContain("created");
        for (String a : ATTRIBUTES) {
            assertThat(second.stdout()).contains("search attribute " + a + " (Keyword) exists");
        }
        String listed = server.temporal("operator", "search-attribute", "list", "--namespace", namespace)
                .assertSuccess()
                .stdout();
        for (String a : ATTRIBUTES) {
            assertThat(listed).containsPattern("(?m)^\\s*" + a + "\\s+Keyword\\s*$");
        }
        // A query on the new attributes works in the new namespace at once.
        server.temporal("workflow", "list", "--namespace", namespace, "--query", "BotId=\"nobody\"")
                .assertSuccess();
    }

    @Test
    void devServerAlreadyHasTheSearchAttributesSoSetupOnlyConfirmsThem(DevServer server) {
        CommandResult r = setup(server, "default").assertSuccess();
        assertThat(r.stdout()).contains("namespace default exists").doesNotContain("created");
    }

    @Test
    void onPostgresSetupCreatedTheSearchAttributesSoARerunOnlyConfirmsThem(PostgresTemporalServer server) {
        // The harness ran setup.sh on a fresh PostgreSQL database: it created the namespace and every attribute.
        CommandResult r = setup(server, "default").assertSuccess();
        assertThat(r.stdout()).contains("namespace default exists").doesNotContain("created");
        for (String a : ATTRIBUTES) {
            assertThat(r.stdout()).contains("search attribute " + a + " (Keyword) exists");
        }
    }

    @Test
    void theRealServerKnowsEveryKeyOfTheDynamicConfig(PostgresTemporalServer server) {
        // The compose server reads the same file; a key it does not know (a typo, one removed in this version) is
        // silently ignored there, so it fails here. The file is read when the server starts.
        String log = server.process().log();
        assertThat(log).contains("Loading config files");
        assertThat(log).doesNotContain("unregistered key");
    }

    @Test
    void theEndToEndServerIsTheVersionTheComposeFilePins() throws Exception {
        CommandResult versions = CommandResult.run(
                        List.of(
                                "bash",
                                "-c",
                                ". '" + Tools.root().resolve("bin/lib/temporal-binaries.sh") + "'"
                                        + " && echo \"$safestart_temporal_version $safestart_ui_version\""),
                        Map.of(),
                        Duration.ofSeconds(20))
                .assertSuccess();
        String[] pinned = versions.stdout().strip().split(" ");
        String compose = Files.readString(Tools.root().resolve("docker/docker-compose.yml"));
        assertThat(compose)
                .contains("temporalio/server:${TEMPORAL_VERSION:-" + pinned[0] + "}")
                .contains("temporalio/ui:${TEMPORAL_UI_VERSION:-" + pinned[1] + "}");
    }

    @Test
    void setupRefusesAnAttributeThatExistsWithAnotherType(DevServer server) {
        String namespace = "nstype" + System.nanoTime();
        server.temporal("operator", "namespace", "create", "--namespace", namespace)
                .assertSuccess();
        awaitNamespace(server, namespace);
        server.temporal(
                        "operator",
                        "search-attribute",
                        "create",
                        "--namespace",
                        namespace,
                        "--name",
                        "GatewayState",
                        "--type",
                        "Text")
                .assertSuccess();
        CommandResult r = setup(server, namespace);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("GatewayState exists with another type than Keyword");
    }

    @Test
    void devServerScriptPassesEveryAttributeAndDynamicConfigValue(@TempDir Path dir) throws Exception {
        // A stand-in for the temporal binary that prints the arguments it was given.
        Path fake = dir.resolve("temporal");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandResult r = CommandResult.run(
                        List.of(
                                Tools.root()
                                        .resolve("temporal-config/dev-server.sh")
                                        .toString(),
                                "--db-filename",
                                "/tmp/x.db"),
                        Map.of("TEMPORAL_BIN", fake.toString()),
                        Duration.ofSeconds(20))
                .assertSuccess();
        List<String> args = r.stdout().lines().toList();
        assertThat(args.subList(0, 2)).containsExactly("server", "start-dev");
        for (String a : ATTRIBUTES) {
            assertThat(args).containsSubsequence("--search-attribute", a + "=Keyword");
        }
        // Every entry of the compose server's dynamic config reaches the dev server, values as JSON.
        String yaml = Files.readString(Tools.root().resolve("temporal-config/dynamicconfig/safestart.yaml"));
        long entries = yaml.lines()
                .filter(l -> l.matches("^[A-Za-z][A-Za-z0-9_.]*:\\s*$"))
                .count();
        assertThat(args.stream().filter(a -> a.equals("--dynamic-config-value")).count())
                .isEqualTo(entries);
        assertThat(args).containsSubsequence("--dynamic-config-value", "limit.historyCount.warn=10240");
        assertThat(args).containsSubsequence("--dynamic-config-value", "limit.maxIDLength=255");
        assertThat(args)
                .containsSubsequence("--dynamic-config-value", "system.forceSearchAttributesCacheRefreshOnRead=true");
        assertThat(args).containsSubsequence("--ip", "127.0.0.1");
        assertThat(args).endsWith("--db-filename", "/tmp/x.db");
    }

    @Test
    void toolSetupStepsAreQuickNoOpsOnceInstalled() {
        Tools.requireTemporal();
        for (String step : List.of("20-compose.sh", "21-temporal.sh", "22-chromium.sh", "24-postgresql.sh")) {
            Path script = Tools.root().resolve("bin/setup.d").resolve(step);
            long started = System.nanoTime();
            CommandResult r = CommandResult.run(List.of("bash", script.toString()), Map.of(), Duration.ofSeconds(60));
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (step.startsWith("21")
                    || (step.startsWith("22") && Tools.chromium().isPresent())
                    || (step.startsWith("24") && Tools.postgresTemporal().isPresent())
                    || (step.startsWith("20")
                            && ComposeFileTest.composeCommand().isPresent())) {
                assertThat(r.exitCode()).as(r.describe()).isZero();
                // Installed already: nothing is downloaded or built (an install takes far longer).
                assertThat(millis).as("%s took %d ms", step, millis).isLessThan(10_000);
                assertThat(r.stdout() + r.stderr()).as(step).isEmpty();
            }
        }
    }

    private static void awaitNamespace(DevServer server, String namespace) {
        await("namespace " + namespace)
                .atMost(Duration.ofSeconds(30))
                .until(() -> server.temporal("operator", "namespace", "describe", "--namespace", namespace)
                                .exitCode()
                        == 0);
    }
}
