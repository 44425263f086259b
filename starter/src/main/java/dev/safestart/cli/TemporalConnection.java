package dev.safestart.cli;

import dev.safestart.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
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
        return open(config.temporalAddress(), config.temporalNamespace());
    }

    public static TemporalConnection open(String address, String namespace) {
        WorkflowServiceStubs stubs;
        try {
            stubs = WorkflowServiceStubs.newConnectedServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(), Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.ERROR, "cannot reach Temporal at " + address
                    + ": start one with `temporal server start-dev` or try `safestart demo`");
        }
        WorkflowClient client = WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
        return new TemporalConnection(stubs, client, address);
    }

    public WorkflowClient client() {
        return client;
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
