package dev.safestart.activities.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safestart.engine.BrokerEvent;
import dev.safestart.workflows.monitor.ConnectionSignal;
import org.junit.jupiter.api.Test;

class MonitorSignallerTest {
    @Test
    void everyEngineConnectionEventHasASignalKindWithTheSameMeaning() {
        for (BrokerEvent event : BrokerEvent.values()) {
            ConnectionSignal.Kind kind = ConnectionSignal.Kind.valueOf(event.name());
            assertThat(kind.isDisconnection()).as(event.name()).isEqualTo(event.closesGate());
        }
    }
}
