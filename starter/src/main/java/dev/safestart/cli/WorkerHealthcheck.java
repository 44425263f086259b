package dev.safestart.cli;

import com.google.protobuf.util.Timestamps;
import dev.safestart.worker.ConfigException;
import dev.safestart.worker.TemporalEndpoint;
import dev.safestart.workflows.monitor.MonitorSettings;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The worker container's HEALTHCHECK: healthy when a worker on this host has polled the task queue
 * within the last {@code --max-age} seconds, as the Temporal server records it. A port check or a
 * live JVM would say nothing about a worker that is hung or cut off from Temporal; this asks the
 * one party whose view matters. Matches the SDK's default worker identity "pid@hostname".
 * Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE and WORKER_ROLE like the worker: a {@code monitor} worker
 * is asked about TASK_QUEUE-monitor, the queue it polls. Exit 0 healthy, 1 not.
 */
@Command(
        name = "healthcheck",
        mixinStandardHelpOptions = true,
        description = "Exit 0 when a worker on this host polls the task queue (container health check).")
public final class WorkerHealthcheck implements java.util.concurrent.Callable<Integer> {

    /** What the server said about this host's workers. */
    public record Verdict(boolean healthy, String detail) {}

    @CommandLine.Option(
            names = "--max-age",
            defaultValue = "90",
            description = "Seconds since this host's worker last polled (default ${DEFAULT-VALUE}).")
    long maxAgeSeconds;

    @CommandLine.Option(names = "--host", description = "Host name in the worker identity (default: this host).")
    String host;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        TemporalEndpoint endpoint;
        try {
            endpoint = TemporalEndpoint.fromEnv(env);
        } catch (ConfigException e) {
            System.err.println("unhealthy: " + e.getMessage());
            return 1;
        }
        String address = endpoint.address();
        String namespace = endpoint.namespace();
        String taskQueue = env.getOrDefault("TASK_QUEUE", "safestart");
        if ("monitor".equalsIgnoreCase(env.getOrDefault("WORKER_ROLE", "all").trim())) {
            taskQueue += MonitorSettings.MONITOR_QUEUE_SUFFIX;
        }
        String thisHost = host != null ? host : localHost();
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder(endpoint.stubsOptions())
                        .setRpcTimeout(Duration.ofSeconds(10))
                        .build());
        try {
            Verdict v = check(stubs, namespace, taskQueue, thisHost, Instant.now(), Duration.ofSeconds(maxAgeSeconds));
            (v.healthy() ? System.out : System.err).println(v.detail());
            return v.healthy() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("unhealthy: cannot ask Temporal at " + address + ": " + e.getMessage());
            return 1;
        } finally {
            stubs.shutdownNow();
            stubs.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    /** Healthy when a poller whose identity ends in "@host" polled the workflow or activity queue within maxAge. */
    public static Verdict check(
            WorkflowServiceStubs stubs, String namespace, String taskQueue, String host, Instant now, Duration maxAge) {
        StringBuilder seen = new StringBuilder();
        for (TaskQueueType type :
                List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)) {
            List<PollerInfo> pollers = stubs.blockingStub()
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(namespace)
                            .setTaskQueue(
                                    TaskQueue.newBuilder().setName(taskQueue).build())
                            .setTaskQueueType(type)
                            .build())
                    .getPollersList();
            for (PollerInfo p : pollers) {
                Instant last = Instant.ofEpochMilli(Timestamps.toMillis(p.getLastAccessTime()));
                Duration age = Duration.between(last, now);
                if (p.getIdentity().endsWith("@" + host) && age.compareTo(maxAge) <= 0) {
                    return new Verdict(
                            true,
                            "healthy: worker " + p.getIdentity() + " polled " + taskQueue + " (" + kind(type) + ") "
                                    + Math.max(0, age.toSeconds()) + "s ago");
                }
                seen.append(' ')
                        .append(p.getIdentity())
                        .append(" (")
                        .append(age.toSeconds())
                        .append("s ago)");
            }
        }
        return new Verdict(
                false,
                "unhealthy: no worker on host " + host + " polled task queue " + taskQueue
                        + " in namespace " + namespace + " within " + maxAge.toSeconds() + "s"
                        + (seen.length() == 0 ? "; no pollers at all" : "; pollers seen:" + seen));
    }

    private static String kind(TaskQueueType type) {
        return type == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW ? "workflow tasks" : "activity tasks";
    }

    /** The host part of the SDK's default identity (RuntimeMXBean name "pid@hostname"). */
    static String localHost() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : name;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerHealthcheck()).execute(args));
    }
}
