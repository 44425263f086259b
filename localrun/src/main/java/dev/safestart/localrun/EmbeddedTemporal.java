package dev.safestart.localrun;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Temporal server the demo and the benchmarks start for themselves: the real dev server ({@code temporal
 * server start-dev}) when the binary is installed, else the Java test server bound to a loopback port. Both get
 * the search attributes Safestart upserts.
 */
public interface EmbeddedTemporal extends AutoCloseable {

    List<String> SEARCH_ATTRIBUTES = List.of("BotId", "StartupOutcome", "GatewayState", "ActiveStrategy");

    /** host:port of the gRPC frontend. */
    String address();

    String namespace();

    /** "temporal dev server" or "Java test server". */
    String kind();

    /** The Web UI, when this server has one. */
    Optional<String> uiAddress();

    /** The SQLite file holding the history, when persisted (empty: in memory, or the Java test server). */
    Optional<Path> databaseFile();

    /** Whether visibility queries (ListWorkflowExecutions with a query) and the temporal CLI work against it. */
    boolean isRealServer();

    @Override
    void close();

    /**
     * Starts the dev server when {@code preferDevServer} and the binary is found, else the Java test server.
     *
     * @param workDir where the dev server's SQLite file goes
     */
    static EmbeddedTemporal start(boolean preferDevServer, Path workDir) throws IOException {
        return start(preferDevServer, workDir, true);
    }

    /**
     * As {@link #start(boolean, Path)}; {@code persist} false keeps the dev server's history in memory (how {@code
     * temporal server start-dev} runs without {@code --db-filename}) instead of a SQLite file under {@code workDir}.
     */
    static EmbeddedTemporal start(boolean preferDevServer, Path workDir, boolean persist) throws IOException {
        if (preferDevServer) {
            Optional<Path> binary = DevServer.findBinary();
            if (binary.isPresent()) {
                return DevServer.start(binary.get(), workDir, persist);
            }
        }
        return JavaTestServer.start();
    }

    /** The {@code temporal} binary, if installed (PATH or ~/go/bin). */
    static Optional<Path> devServerBinary() {
        return DevServer.findBinary();
    }

    /** A free TCP port on loopback (bound then released: a small race that is acceptable for local runs). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path tempDir(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, prefix);
    }
}
