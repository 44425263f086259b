package dev.safestart.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the tools the end-to-end tests drive live, and the project rule for a missing one:
 * skip, unless SAFESTART_REQUIRE_TOOLS=1 (bin/test, CI), where a missing tool fails the run.
 */
final class Tools {
    private Tools() {}

    static boolean toolsRequired() {
        return "1".equals(System.getenv("SAFESTART_REQUIRE_TOOLS"));
    }

    /** Skips (or, when tools are required, fails) the calling test when {@code tool} is absent. */
    static <T> T require(Optional<T> tool, String what, String installedBy) {
        if (tool.isEmpty()) {
            String message = what + " is not installed (" + installedBy + ")";
            if (toolsRequired()) {
                fail(message + " and SAFESTART_REQUIRE_TOOLS=1");
            }
            assumeTrue(false, message + "; skipping");
        }
        return tool.get();
    }

    static Path root() {
        String prop = System.getProperty("safestart.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        Path p = start.toAbsolutePath().normalize();
        while (p != null && !Files.isDirectory(p.resolve("temporal-config"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root above " + start);
        }
        return p;
    }

    /** The production CLI jar (the Docker image's), which the reactor builds before this module (mvn verify). */
    static Path safestartJar() {
        return built("starter/target/safestart.jar", "starter");
    }

    /** The checkout's CLI jar (bin/safestart): the production commands plus demo and bench. */
    static Path devJar() {
        return built("devtools/target/safestart-dev.jar", "devtools");
    }

    private static Path built(String path, String module) {
        Path jar = root().resolve(path);
        if (!Files.isRegularFile(jar)) {
            fail("missing " + jar + ": build it first (mvn -B -ntp -DskipTests package -pl " + module
                    + " -am) or run mvn verify");
        }
        return jar;
    }

    static Optional<Path> temporal() {
        Optional<Path> onPath = onPath("temporal");
        if (onPath.isPresent()) {
            return onPath;
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "temporal");
        return Files.isExecutable(goBin) ? Optional.of(goBin) : Optional.empty();
    }

    static Path requireTemporal() {
        return require(temporal(), "the temporal CLI (dev server)", "bin/setup.d/21-temporal.sh");
    }

    /**
     * What the real Temporal server on PostgreSQL needs, or empty when a part is missing: Debian's PostgreSQL 15
     * (bin/setup.d/24-postgresql.sh), the server, schema tool and UI server built by bin/lib/temporal-binaries.sh
     * with the server module's PostgreSQL schema, and the temporal CLI.
     */
    static Optional<PostgresTemporalServer.Binaries> postgresTemporal() {
        List<String> missing = new java.util.ArrayList<>();
        Optional<PostgresTemporalServer.Binaries> found = postgresTemporal(missing);
        return missing.isEmpty() ? found : Optional.empty();
    }

    private static Optional<PostgresTemporalServer.Binaries> postgresTemporal(List<String> missing) {
        Path pgBin = Path.of("/usr/lib/postgresql/15/bin");
        if (!Files.isExecutable(pgBin.resolve("postgres")) || !Files.isExecutable(pgBin.resolve("initdb"))) {
            missing.add("PostgreSQL 15 in " + pgBin);
        }
        Optional<Path> server = temporalBinaries("path", "server");
        Optional<Path> sql = temporalBinaries("path", "sql");
        Optional<Path> ui = temporalBinaries("path", "ui");
        Optional<Path> schema = temporalBinaries("schema-dir");
        Optional<Path> cli = temporal();
        server.ifPresentOrElse(p -> {}, () -> missing.add("the Temporal server"));
        sql.ifPresentOrElse(p -> {}, () -> missing.add("temporal-sql-tool"));
        ui.ifPresentOrElse(p -> {}, () -> missing.add("the UI server"));
        schema.ifPresentOrElse(p -> {}, () -> missing.add("the server module's PostgreSQL schema"));
        cli.ifPresentOrElse(p -> {}, () -> missing.add("the temporal CLI"));
        if (!missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new PostgresTemporalServer.Binaries(server.get(), sql.get(), ui.get(), cli.get(), schema.get(), pgBin));
    }

    static PostgresTemporalServer.Binaries requirePostgresTemporal() {
        buildTemporalBinaries();
        List<String> missing = new java.util.ArrayList<>();
        Optional<PostgresTemporalServer.Binaries> found = postgresTemporal(missing);
        return require(
                found,
                "the Temporal server on PostgreSQL (missing: " + String.join(", ", missing) + ")",
                "bin/setup.d/21-temporal.sh, 24-postgresql.sh, bin/lib/temporal-binaries.sh build");
    }

    /**
     * Builds the server, schema tool and UI server from their Go modules when they are not cached yet (a few minutes,
     * once per machine). Done here, when the first test needs them, rather than as a setup step before Maven starts:
     * CI builds them beside the tests (the local images need them too), and the script's lock makes this call wait
     * for that build instead of starting a second one.
     */
    private static void buildTemporalBinaries() {
        if (onPath("go").isEmpty()) {
            return; // what is missing is then named by the caller
        }
        List<String> cmd = List.of(
                "bash", root().resolve("bin/lib/temporal-binaries.sh").toString(), "build", "server", "sql", "ui");
        CommandResult r = CommandResult.run(cmd, java.util.Map.of(), java.time.Duration.ofMinutes(20));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("building the Temporal binaries failed: " + r.describe());
        }
    }

    /** bin/lib/temporal-binaries.sh ARGS: the path it prints, empty when it fails (not built). */
    private static Optional<Path> temporalBinaries(String... args) {
        List<String> cmd = new java.util.ArrayList<>(
                List.of("bash", root().resolve("bin/lib/temporal-binaries.sh").toString()));
        cmd.addAll(List.of(args));
        CommandResult r = CommandResult.run(cmd, java.util.Map.of(), java.time.Duration.ofSeconds(60));
        String out = r.stdout().strip();
        return r.exitCode() == 0 && !out.isEmpty() && Files.exists(Path.of(out))
                ? Optional.of(Path.of(out))
                : Optional.empty();
    }

    static Optional<Path> chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            Optional<Path> p = onPath(name);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    static Path requireChromium() {
        return require(chromium(), "Chromium", "bin/setup.d/22-chromium.sh");
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A directory under e2e/target for one test's files (logs, databases, screenshots). */
    static Path workDir(String name) {
        try {
            Path dir = root().resolve("e2e/target/e2e-work").resolve(name + "-" + System.nanoTime());
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
