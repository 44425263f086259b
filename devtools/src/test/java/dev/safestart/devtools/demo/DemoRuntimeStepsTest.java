package dev.safestart.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.activities.monitor.MonitorStarter;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.TradingPlan;
import dev.safestart.sim.GatewaySimulator;
import dev.safestart.sim.SimConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's runtime part on its own: a bot as a VALIDATED startup leaves it (engine initialized and armed), then
 * monitor → nightly-restart drop → Strategy C → re-validation → AUTO_RESUME, with the real worker registrations.
 */
class DemoRuntimeStepsTest {
    @TempDir
    Path dir;

    @Test
    void dropStrategyCRevalidateResume() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (DemoContext ctx = new DemoContext(out, dir, false)) {
            DemoSteps.temporal().run(ctx);
            ctx.simulator = ctx.closeAtEnd(GatewaySimulator.start(SimConfig.defaults()));
            DemoSteps.gameplan().run(ctx);
            DemoSteps.worker().run(ctx);
            // What initModules + loadGameplan leave behind after VALIDATED.
            ctx.engine.initialize(new EngineSettings(
                    DemoContext.BOT_ID, "127.0.0.1", ctx.simulator.port(), ctx.config.clientId(), true));
            ctx.engine.activate(new TradingPlan("A", List.of("SPY"), 0.1, 100));
            // As afterValidated() would (no startup ran, so no gameplan re-check: the armed plan is resumed).
            new MonitorStarter(
                            ctx.connection.client(),
                            b -> ctx.config.toMonitorSettings().withGameplan("", null))
                    .startMonitor(DemoContext.BOT_ID, "A");
            List<DemoStep> steps = new ArrayList<>(DemoRuntimeSteps.runtimeDemo());
            for (DemoStep step : steps) {
                out.println("[" + step.title() + "]");
                step.run(ctx);
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(text)
                .contains("order gate closed in the worker")
                .contains("Strategy C recorded in the monitor's history")
                .contains("ENTER_STRATEGY_C")
                .contains("REVALIDATED")
                .contains("RESUMED")
                .contains("strategy A active again")
                .contains("order gate open: true");
    }
}
