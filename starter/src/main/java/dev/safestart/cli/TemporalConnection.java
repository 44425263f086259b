package dev.safestart.cli;

import dev.safestart.worker.TemporalEndpoint;
import dev.safestart.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;

/** A client connection to a Temporal frontend, checked to be reachable before any command uses it. */
public final class TemporalConnection implements AutoCloseable {
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;
    private final String address;

    private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String address) {
        this.stubs = stubs;
        this.client = client;
        this.address = address;
    }

    public static TemporalConnection open(WorkerConfig config) {
        return open(config.temporal());
    }

    public static TemporalConnection open(String address, String namespace) {
        return open(TemporalEndpoint.plaintext(address, namespace));
    }

    /** Connects once (5 s); a TLS or credentials problem and an unreachable server each give one line. */
    public static TemporalConnection open(TemporalEndpoint endpoint) {
        WorkflowServiceStubs stubs;
        try {
            stubs = endpoint.connect(Duration.ofSeconds(5));
        } catch (TemporalEndpoint.ConnectFailure e) {
            if (!e.retryable) {
                throw new CliException(ExitCodes.ERROR, e.getMessage());
            }
            throw new CliException(
                    ExitCodes.ERROR,
                    "cannot reach Temporal at " + endpoint.address()
                            + ": start one with `temporal server start-dev` or try `safestart demo`");
        }
        WorkflowClient client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(endpoint.namespace())
                        .build());
        return new TemporalConnection(stubs, client, endpoint.address());
    }

    public WorkflowClient client() {
        return client;
    }

    /** A Schedule client on the same connection and namespace. */
    public ScheduleClient schedules() {
        return ScheduleClient.newInstance(
                stubs,
                ScheduleClientOptions.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .build());
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        stubs.shutdown();
        try {
            stubs.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            stubs.shutdownNow();
        }
    }
}
