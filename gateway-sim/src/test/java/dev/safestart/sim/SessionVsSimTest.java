package dev.safestart.sim;

import static dev.safestart.sim.SimReadyTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safestart.tws.ConnectionEvent;
import dev.safestart.tws.ProbeRequest;
import dev.safestart.tws.SessionListener;
import dev.safestart.tws.TwsSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our long-lived session ({@link TwsSession}) against the simulator's runtime modes: what the trading worker sees. */
class SessionVsSimTest {
    private GatewaySimulator sim;
    private final BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
    private TwsSession session;

    @BeforeEach
    void start() throws Exception {
        sim = GatewaySimulator.start(SimConfig.defaults());
        session = TwsSession.open(
                ProbeRequest.of("127.0.0.1", sim.port(), 1).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new SessionListener() {
                    @Override
                    public void onConnectionEvent(ConnectionEvent event) {
                        events.add(event);
                    }
                });
    }

    @AfterEach
    void stop() {
        session.close();
        sim.close();
    }

    private ConnectionEvent next() throws InterruptedException {
        ConnectionEvent event = events.poll(3, TimeUnit.SECONDS);
        assertThat(event).as("a connection event within 3 s").isNotNull();
        return event;
    }

    @Test
    void heartbeatAnswersWhileReady() throws Exception {
        assertThat(session.currentTime(Duration.ofSeconds(1))).isLessThan(Duration.ofSeconds(1));
        assertThat(sim.status().clientIds()).containsExactly(1);
    }

    @Test
    void connectivityLostThenRestoredWithTheSocketUp() throws Exception {
        sim.setMode(SimMode.CONNECTIVITY_LOST);
        ConnectionEvent lost = next();
        assertThat(lost.type()).isEqualTo(ConnectionEvent.Type.CONNECTIVITY_LOST);
        assertThat(lost.isLoss()).isTrue();
        assertThat(session.isOpen()).isTrue();
        sim.setMode(SimMode.RESTORED, params("dataLost", "true"));
        assertThat(next().type()).isEqualTo(ConnectionEvent.Type.RESTORED_DATA_LOST);
        sim.setMode(SimMode.RESTORED);
        assertThat(next().type()).isEqualTo(ConnectionEvent.Type.RESTORED_DATA_KEPT);
        assertThat(session.currentTime(Duration.ofSeconds(1))).isNotNull();
    }

    @Test
    void dropAllClosesTheSession() throws Exception {
        sim.setMode(SimMode.DROP_ALL);
        assertThat(next().type()).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void restartWithNoticeGives2110ThenTheClose() throws Exception {
        sim.setMode(SimMode.RESTART, params("seconds", "1", "notice", "true"));
        assertThat(List.of(next().type(), next().type()))
                .containsExactly(ConnectionEvent.Type.CONNECTION_BROKEN, ConnectionEvent.Type.SOCKET_CLOSED);
    }

    @Test
    void halfOpenIsOnlySeenByTheHeartbeat() throws Exception {
        sim.setMode(SimMode.HALF_OPEN);
        assertThatThrownBy(() -> session.currentTime(Duration.ofMillis(500))).isInstanceOf(TimeoutException.class);
        assertThat(session.isOpen()).as("a half-open socket looks open").isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void garbageHeartbeatReplyIsAProtocolError() throws Exception {
        sim.setMode(SimMode.GARBAGE);
        session.requestCurrentTime();
        assertThat(next().type()).isEqualTo(ConnectionEvent.Type.PROTOCOL_ERROR);
    }
}
