package dev.safestart.activities.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.engine.EngineEventListener;
import dev.safestart.engine.EngineSettings;
import dev.safestart.engine.EngineStatus;
import dev.safestart.engine.OrderRequest;
import dev.safestart.engine.OrderResult;
import dev.safestart.engine.StrategyCReport;
import dev.safestart.engine.TradingEngine;
import dev.safestart.engine.TradingPlan;
import dev.safestart.workflows.model.ModuleInit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** initModules opens the session with the worker's own gateway, trading client id and DRY_RUN, whoever asks. */
class WorkerOwnModuleSettingsTest {
    final List<EngineSettings> opened = new ArrayList<>();
    final TradingEngine engine = new TradingEngine() {
        @Override
        public EngineStatus initialize(EngineSettings s) {
            opened.add(s);
            return new EngineStatus(true, true, false, "C", 0, "", 1, "e1", true, 0, "");
        }

        @Override
        public EngineStatus activate(TradingPlan plan) {
            return status();
        }

        @Override
        public void enterStrategyC(String reason) {}

        @Override
        public EngineStatus status() {
            return new EngineStatus(true, true, false, "C", 0, "", 1, "e1", true, 0, "");
        }

        /** No identity of its own: the worker serves no per-engine task queue for it. */
        @Override
        public String engineId() {
            return "";
        }

        @Override
        public void close() {}

        @Override
        public OrderResult submitOrder(OrderRequest request) {
            return new OrderResult(OrderResult.Status.REFUSED_GATE_CLOSED, request, -1, "no orders in this test");
        }

        @Override
        public StrategyCReport enterStrategyC(String reason, boolean flatten) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public EngineStatus revalidate() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public EngineStatus resume() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public void addListener(EngineEventListener listener) {
            throw new UnsupportedOperationException("not used by this test");
        }
    };

    @Test
    void theWorkersOwnSettingsReachTheEngineOnlyDryRunMayNarrow() {
        ModuleActivitiesImpl modules =
                new ModuleActivitiesImpl(engine, "q@e1", new ModuleInit("bot1", "gw.internal", 4002, 9, false));
        var status = modules.initModules(new ModuleInit("bot1", "elsewhere", 4001, 1, false));
        assertThat(opened).singleElement().satisfies(s -> {
            assertThat(s.gatewayHost()).isEqualTo("gw.internal");
            assertThat(s.gatewayPort()).isEqualTo(4002);
            assertThat(s.clientId()).isEqualTo(9);
            assertThat(s.dryRun()).isFalse();
        });
        assertThat(status.engineId()).isEqualTo("e1");
        assertThat(status.engineTaskQueue()).isEqualTo("q@e1");

        modules.initModules(new ModuleInit("bot1", "gw.internal", 4002, 9, true));
        assertThat(opened.get(1).dryRun()).as("DRY_RUN=true narrows").isTrue();
    }
}
