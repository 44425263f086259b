package dev.safestart.worker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The worker's log lines are JSON objects carrying botId and workflowId, including Temporal's own threads. */
class JsonLineLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.worker("bot-7", "INFO");
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        MDC.clear();
    }

    @WorkflowInterface
    public interface Greeter {
        @WorkflowMethod
        String greet(String name);
    }

    @ActivityInterface
    public interface Shouter {
        String shout(String text);
    }

    public static class GreeterImpl implements Greeter {
        private final Shouter shouter = Workflow.newActivityStub(
                Shouter.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(5))
                        .build());

        @Override
        public String greet(String name) {
            Workflow.getLogger(GreeterImpl.class).info("greeting {}", name);
            return shouter.shout(name);
        }
    }

    public static class ShouterImpl implements Shouter {
        @Override
        public String shout(String text) {
            LoggerFactory.getLogger(ShouterImpl.class).info("shouting {}", text);
            return text.toUpperCase();
        }
    }

    @Test
    void everyLineIsJsonWithBotIdAndWorkflowIdInsideWorkflowsAndActivities() throws Exception {
        LoggerFactory.getLogger("main").info("worker up, webhook https://discord.com/api/webhooks/1/tok3n");
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker("q");
            worker.registerWorkflowImplementationTypes(GreeterImpl.class);
            worker.registerActivitiesImplementations(new ShouterImpl());
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            Greeter greeter = client.newWorkflowStub(
                    Greeter.class,
                    WorkflowOptions.newBuilder()
                            .setTaskQueue("q")
                            .setWorkflowId("startup-alpha")
                            .build());
            assertThat(greeter.greet("spy")).isEqualTo("SPY");
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // throws if any line is not JSON
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(n -> {
            assertThat(n.has("botId")).isTrue();
            assertThat(n.has("workflowId")).isTrue();
            assertThat(n.get("ts").asText()).isNotEmpty();
            assertThat(n.get("level").asText()).isNotEmpty();
        });
        JsonNode main = find(lines, "worker up");
        assertThat(main.get("botId").asText()).isEqualTo("bot-7");
        assertThat(main.get("workflowId").isNull()).isTrue();
        assertThat(main.get("msg").asText()).doesNotContain("tok3n").contains("/api/webhooks/***");

        JsonNode inWorkflow = find(lines, "greeting spy");
        assertThat(inWorkflow.get("workflowId").asText()).isEqualTo("startup-alpha");
        assertThat(inWorkflow.get("botId").asText()).isEqualTo("alpha");
        assertThat(inWorkflow.get("workflowType").asText()).isEqualTo("Greeter");

        JsonNode inActivity = find(lines, "shouting spy");
        assertThat(inActivity.get("workflowId").asText()).isEqualTo("startup-alpha");
        assertThat(inActivity.get("botId").asText()).isEqualTo("alpha");
        assertThat(inActivity.get("activityType").asText()).isEqualTo("Shout");
    }

    @Test
    void logLevelIsHonoured() {
        LogSetup.worker("bot-7", "WARN");
        Logger log = LoggerFactory.getLogger("lvl");
        log.info("hidden line");
        log.warn("shown line");
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("shown line").doesNotContain("hidden line");
    }

    @Test
    void specialCharactersAreEscapedAndErrorsKept() throws Exception {
        LoggerFactory.getLogger("esc")
                .error("quote \" backslash \\ newline \n tab \t ctl \u0001", new IllegalStateException("boom"));
        String[] out = captured.toString(StandardCharsets.UTF_8).split("\\R");
        JsonNode n = JSON.readTree(out[out.length - 1]);
        assertThat(n.get("msg").asText()).isEqualTo("quote \" backslash \\ newline \n tab \t ctl \u0001");
        assertThat(n.get("error").asText()).contains("IllegalStateException: boom");
    }

    private static JsonNode find(List<JsonNode> lines, String text) {
        return lines.stream()
                .filter(n -> n.get("msg").asText().contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in " + lines));
    }
}
