package dev.safestart.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running Temporal server the end-to-end tests drive: the dev server ({@link DevServer}, SQLite) or the real
 * server on PostgreSQL ({@link PostgresTemporalServer}). Its frontend, its Web UI, the temporal CLI against it, and a
 * restart of the server process on the same database.
 */
interface TemporalServer {
    /** host:port of the frontend (gRPC). */
    String address();

    /** The Web UI's base URL. */
    String uiUrl();

    /** The temporal CLI the tests use against it. */
    Path temporalBin();

    /** Stops the server process gracefully and starts a new one on the same database, addresses and ports. */
    void restart();

    /** Runs the temporal CLI against this server (namespace default unless the arguments name one). */
    default CommandResult temporal(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(temporalBin().toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--address", address(), "--color", "never"));
        if (!List.of(args).contains("--namespace")) {
            cmd.addAll(List.of("--namespace", "default"));
        }
        return CommandResult.run(cmd, Map.of(), timeout);
    }

    default CommandResult temporal(String... args) {
        return temporal(Duration.ofSeconds(30), args);
    }

    /** Whether {@code url} answers a GET with 200 within 3 s (the Web UI serving its page). */
    static boolean answers200(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
