package dev.safestart.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.safestart.cli.WorkerHealthcheck;
import io.temporal.activity.ActivityInterface;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The image's HEALTHCHECK against the real dev server: healthy only while a worker of this host polls
 * the task queue, and the container command (the shaded jar's WorkerHealthcheck) exits accordingly.
 */
@ExtendWith(DevServerExtension.class)
class WorkerHealthcheckTest {
    @ActivityInterface
    public interface Ping {
        String ping();
    }

    private static DevServer server;
    private static WorkflowServiceStubs stubs;

    @BeforeAll
    static void connect(DevServer devServer) {
        server = devServer;
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.address())
                .build());
    }

    @AfterAll
    static void disconnect() {
        if (stubs != null) {
            stubs.shutdownNow();
        }
    }

    private WorkerFactory workerAs(String identity, String taskQueue) {
        WorkflowClient client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace("default")
                        .setIdentity(identity)
                        .build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        factory.newWorker(taskQueue).registerActivitiesImplementations((Ping) () -> "pong");
        factory.start();
        return factory;
    }

    /** The verdict once it is {@code healthy}, or the last one after 30 s (for the caller's assertion to show). */
    private static WorkerHealthcheck.Verdict awaitVerdict(String taskQueue, String host, boolean healthy) {
        Callable<WorkerHealthcheck.Verdict> check =
                () -> WorkerHealthcheck.check(stubs, "default", taskQueue, host, Instant.now(), Duration.ofSeconds(90));
        try {
            return await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(check, v -> v.healthy() == healthy);
        } catch (ConditionTimeoutException e) {
            return WorkerHealthcheck.check(stubs, "default", taskQueue, host, Instant.now(), Duration.ofSeconds(90));
        }
    }

    @Test
    void healthyOnlyWhileAWorkerOfThisHostPolls() {
        String queue = "hc-" + System.nanoTime();
        assertThat(WorkerHealthcheck.check(stubs, "default", queue, "box-a", Instant.now(), Duration.ofSeconds(90)))
                .satisfies(v -> assertThat(v.healthy()).isFalse())
                .satisfies(v -> assertThat(v.detail()).contains("no pollers at all"));

        WorkerFactory other = workerAs("4242@box-b", queue);
        try {
            WorkerHealthcheck.Verdict v = awaitVerdict(queue, "box-b", true);
            assertThat(v.healthy()).as(v.detail()).isTrue();
            // Another host's worker does not make this one healthy.
            WorkerHealthcheck.Verdict a =
                    WorkerHealthcheck.check(stubs, "default", queue, "box-a", Instant.now(), Duration.ofSeconds(90));
            assertThat(a.healthy()).isFalse();
            assertThat(a.detail()).contains("4242@box-b");
            // A poll older than the allowed age is a hung or cut-off worker.
            WorkerHealthcheck.Verdict stale = WorkerHealthcheck.check(
                    stubs, "default", queue, "box-b", Instant.now().plusSeconds(600), Duration.ofSeconds(90));
            assertThat(stale.healthy()).isFalse();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void containerCommandExitsZeroOnlyWithALiveWorker() throws Exception {
        String queue = "hc-cli-" + System.nanoTime();
        Map<String, String> env =
                Map.of("TEMPORAL_ADDRESS", server.address(), "TEMPORAL_NAMESPACE", "default", "TASK_QUEUE", queue);
        List<String> cmd = List.of(
                "java",
                "-cp",
                Tools.safestartJar().toString(),
                "dev.safestart.cli.WorkerHealthcheck",
                "--host",
                "box-c");
        CommandResult none = CommandResult.run(cmd, env, Duration.ofSeconds(60));
        assertThat(none.exitCode()).as(none.describe()).isEqualTo(1);
        assertThat(none.stderr()).contains("unhealthy");

        WorkerFactory worker = workerAs("7@box-c", queue);
        try {
            awaitVerdict(queue, "box-c", true);
            CommandResult live = CommandResult.run(cmd, env, Duration.ofSeconds(60));
            assertThat(live.exitCode()).as(live.describe()).isZero();
            assertThat(live.stdout()).contains("healthy: worker 7@box-c");
        } finally {
            worker.shutdownNow();
        }

        // WORKER_ROLE=monitor: that container's worker polls TASK_QUEUE-monitor, and is asked about that queue.
        WorkerFactory monitor = workerAs("8@box-c", queue + "-monitor");
        try {
            awaitVerdict(queue + "-monitor", "box-c", true);
            CommandResult asMonitor = CommandResult.run(
                    cmd,
                    Map.of("TEMPORAL_ADDRESS", server.address(), "TASK_QUEUE", queue, "WORKER_ROLE", "monitor"),
                    Duration.ofSeconds(60));
            assertThat(asMonitor.exitCode()).as(asMonitor.describe()).isZero();
            assertThat(asMonitor.stdout()).contains("healthy: worker 8@box-c polled " + queue + "-monitor");
        } finally {
            monitor.shutdownNow();
        }

        CommandResult down = CommandResult.run(
                List.of("java", "-cp", Tools.safestartJar().toString(), "dev.safestart.cli.WorkerHealthcheck"),
                Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + FreePort.next(), "TASK_QUEUE", queue),
                Duration.ofSeconds(60));
        assertThat(down.exitCode())
                .as("Temporal unreachable: %s", down.describe())
                .isEqualTo(1);
    }
}
