package dev.safestart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own (Debian's postgresql-15): initdb in a temp dir, postgres on a free loopback port
 * with password (SCRAM) authentication, stopped and deleted at the end. PostgreSQL refuses to run as root, so as
 * root (CI) its server programs run as the package's {@code postgres} user; otherwise as the current user.
 * Durability settings are off (fsync, synchronous commit): the tests restart Temporal, never the machine.
 */
final class PostgresCluster implements AutoCloseable {
    static final String USER = "temporal";
    /** Test-only credential of a cluster that listens on loopback and lives as long as the test run. */
    static final String PASSWORD = "safestart-e2e";

    private final Path bin;
    private final Path home;
    private final Path data;
    private final Path logDir;
    private final int port;
    private ManagedProcess process;

    private PostgresCluster(Path bin, Path home, Path logDir) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.logDir = logDir;
        this.port = FreePort.next();
    }

    /** initdb and start; fails with the log when PostgreSQL does not come up. */
    static PostgresCluster start(Path bin, Path logDir) {
        Path home;
        try {
            home = Files.createTempDirectory("safestart-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresCluster cluster = new PostgresCluster(bin, home, logDir);
        try {
            cluster.initdb();
            cluster.startServer();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String host() {
        return "127.0.0.1";
    }

    /** The postmaster's pid: the same one before and after a Temporal restart proves the database stayed up. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void initdb() {
        try {
            Path pwfile = home.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (asRoot()) {
                chownToPostgres(home);
                chownToPostgres(pwfile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CommandResult r = CommandResult.run(
                asServerUser(List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "--pwfile",
                        home.resolve("pwfile").toString(),
                        "--auth",
                        "scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale",
                        "C",
                        "--no-sync",
                        "--no-instructions")),
                Map.of("LC_ALL", "C"),
                Duration.ofSeconds(120));
        if (r.exitCode() != 0) {
            throw new AssertionError("initdb failed\n" + r.describe());
        }
    }

    private void startServer() {
        process = ManagedProcess.start(
                "postgresql",
                asServerUser(List.of(
                        bin.resolve("postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        String.valueOf(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=" + home,
                        "-c",
                        "max_connections=200",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off")),
                Map.of("LC_ALL", "C"),
                logDir);
        process.awaitLog(
                l -> l.contains("database system is ready to accept connections"),
                Duration.ofSeconds(60),
                "PostgreSQL ready");
    }

    /** Runs one SQL statement with psql in {@code database}; the rows, unaligned, one a line. */
    CommandResult psql(String database, String sql) {
        return CommandResult.run(
                List.of(
                        bin.resolve("psql").toString(),
                        "-h",
                        host(),
                        "-p",
                        String.valueOf(port),
                        "-U",
                        USER,
                        "-d",
                        database,
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-At",
                        "-c",
                        sql),
                Map.of("PGPASSWORD", PASSWORD),
                Duration.ofSeconds(30));
    }

    /** A fast shutdown (open sessions are ended), then the data directory is deleted. */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                CommandResult.run(
                        asServerUser(List.of(
                                bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w")),
                        Map.of("LC_ALL", "C"),
                        Duration.ofSeconds(40));
                process.stop(Duration.ofSeconds(10));
            }
        } catch (RuntimeException | AssertionError e) {
            process.kill9();
        } finally {
            deleteRecursively(home);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root, the command runs as the postgres user (setpriv execs it, so the pid is PostgreSQL's own). */
    private static List<String> asServerUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> cmd =
                new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        cmd.addAll(command);
        return cmd;
    }

    private static void chownToPostgres(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName("postgres"));
            GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new AssertionError(
                    "PostgreSQL refuses to run as root and there is no postgres user to run it as"
                            + " (bin/setup.d/24-postgresql.sh installs Debian's postgresql-15, which creates it)",
                    e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is not worth failing a test run over
        }
    }
}
