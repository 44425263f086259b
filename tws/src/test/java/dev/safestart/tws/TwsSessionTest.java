package dev.safestart.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The long-lived session against a scripted gateway over real loopback sockets. */
class TwsSessionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** An upper bound that only a hang exceeds, even on a loaded machine: timing targets are benchmarked. */
    private static final double GENEROUS_MILLIS = 5_000.0;

    /** The observable end of "nothing more can be delivered": every session's reader thread has exited. */
    private static void awaitReadersGone() {
        await("the reader threads end")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("tws-reader-") && t.isAlive()));
    }

    /** A gateway that the test drives: it answers currentTime while {@link #answerTime} is set. */
    private final AtomicReference<ScriptedServer.Conn> gateway = new AtomicReference<>();

    private volatile CountDownLatch connected = new CountDownLatch(1);
    private final AtomicBoolean answerTime = new AtomicBoolean(true);
    private final AtomicBoolean closedByGateway = new AtomicBoolean();
    private ScriptedServer server;
    private TwsSession session;

    private ScriptedServer gateway(int version) throws IOException {
        CountDownLatch latch = new CountDownLatch(1);
        connected = latch; // each gateway gets its own latch: a previous iteration's connection must not count
        gateway.set(null);
        server = new ScriptedServer(c -> {
            c.negotiate(version);
            c.ready("DU1234567", 1000);
            gateway.set(c);
            latch.countDown();
            while (true) {
                List<String> msg = c.readMessage();
                if (msg.get(0).equals("49") && answerTime.get()) {
                    synchronized (c) {
                        c.sendFields(49, 1, 1_745_600_000L);
                    }
                }
            }
        });
        return server;
    }

    private void send(Object... fields) throws Exception {
        assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
        ScriptedServer.Conn c = gateway.get();
        synchronized (c) {
            c.sendFields(fields);
        }
    }

    private ProbeRequest request(int clientId) {
        return server.request(clientId).withTimeouts(TIMEOUT, TIMEOUT);
    }

    /** Records events and the thread they arrived on. */
    private static final class Recorder implements SessionListener {
        final BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<TwsError> errors = new LinkedBlockingQueue<>();
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onConnectionEvent(ConnectionEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

        @Override
        public void onError(TwsError error) {
            errors.add(error);
        }

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        ConnectionEvent next() throws InterruptedException {
            ConnectionEvent e = events.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("an event within 5 s").isNotNull();
            return e;
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void opensReadyWithAccessors() throws Exception {
        gateway(178);
        session = TwsSession.open(request(1));
        assertThat(session.isOpen()).isTrue();
        assertThat(session.accounts()).containsExactly("DU1234567");
        assertThat(session.serverVersion()).isEqualTo(178);
        assertThat(session.nextOrderId()).isEqualTo(1000);
        assertThat(session.clientId()).isEqualTo(1);
        assertThat(session.allocateOrderId()).isEqualTo(1000);
        assertThat(session.nextOrderId()).isEqualTo(1001);
        assertThat(session.handshake().state()).isEqualTo(ProbeState.READY);
    }

    @Test
    void openThrowsCheckedExceptionCarryingTheClassification() throws Exception {
        server = new ScriptedServer(c -> c.negotiate(178));
        assertThatThrownBy(() -> TwsSession.open(request(3))).isInstanceOfSatisfying(TwsConnectException.class, e -> {
            assertThat(e.state()).isEqualTo(ProbeState.CLOSED_BEFORE_READY);
            assertThat(e.result().detail()).contains("client id 3 already in use?");
        });
    }

    @Test
    void connectionEventsArriveOnTheReaderThreadInEveryErrorLayout() throws Exception {
        for (int version : new int[] {160, 176, 200}) {
            gateway(version);
            Recorder recorder = new Recorder();
            session = TwsSession.open(request(1).withVersions(100, version), recorder);
            int[] codes = {1100, 1101, 1102, 2110, 1300};
            ConnectionEvent.Type[] types = {
                ConnectionEvent.Type.CONNECTIVITY_LOST,
                ConnectionEvent.Type.RESTORED_DATA_LOST,
                ConnectionEvent.Type.RESTORED_DATA_KEPT,
                ConnectionEvent.Type.CONNECTION_BROKEN,
                ConnectionEvent.Type.SOCKET_PORT_CHANGED
            };
            for (int i = 0; i < codes.length; i++) {
                assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
                ScriptedServer.Conn c = gateway.get();
                synchronized (c) {
                    c.send(new TwsError(-1, codes[i], "event " + codes[i], "", 1).encode(version));
                }
                ConnectionEvent event = recorder.next();
                assertThat(event.type())
                        .as("server " + version + " code " + codes[i])
                        .isEqualTo(types[i]);
                assertThat(event.code()).isEqualTo(codes[i]);
                assertThat(event.message()).isEqualTo("event " + codes[i]);
            }
            assertThat(recorder.threads).allMatch(t -> t.startsWith("tws-reader-"));
            assertThat(recorder.errors).isEmpty();
            assertThat(session.isOpen()).as("1100..1300 keep the socket up").isTrue();
            session.close();
            server.close();
        }
    }

    @Test
    void otherErrorsGoToOnErrorAndFarmNoticesAreLoggedAtInfo() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(TwsSession.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        Level previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            gateway(200);
            Recorder recorder = new Recorder();
            session = TwsSession.open(request(1), recorder);
            for (int code : new int[] {2104, 2106, 2158, 2107, 2108}) {
                send(4, -1, code, "farm " + code, "", 0);
            }
            send(4, 7, 201, "Order rejected", "{\"r\":1}", 1745600000123L);
            for (int code : new int[] {2104, 2106, 2158, 2107, 2108}) {
                TwsError e = recorder.errors.poll(5, TimeUnit.SECONDS);
                assertThat(e).isNotNull();
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.isFarmNotice()).isTrue();
            }
            TwsError rejection = recorder.errors.poll(5, TimeUnit.SECONDS);
            assertThat(rejection).isEqualTo(new TwsError(7, 201, "Order rejected", "{\"r\":1}", 1745600000123L));
            assertThat(recorder.events).isEmpty();
            assertThat(logs.list)
                    .filteredOn(e -> e.getFormattedMessage().contains("farm "))
                    .hasSize(5)
                    .allMatch(e -> e.getLevel() == Level.INFO);
            assertThat(logs.list)
                    .filteredOn(e -> e.getFormattedMessage().contains("Order rejected"))
                    .singleElement()
                    .matches(e -> e.getLevel() == Level.WARN);
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(previous);
        }
    }

    @Test
    void unknownMessagesAreHandedOnAndIdsAndAccountsUpdate() throws Exception {
        gateway(178);
        Recorder recorder = new Recorder();
        session = TwsSession.open(request(1), recorder);
        send(12345, 1, "whatever");
        send(MessageIds.NEXT_VALID_ID, 1, 5000);
        send(MessageIds.MANAGED_ACCOUNTS, 1, "DU1,DU2,");
        Message unknown = recorder.messages.poll(5, TimeUnit.SECONDS);
        assertThat(unknown.fields()).containsExactly("12345", "1", "whatever");
        // a currentTime round trip orders us after the earlier messages
        session.currentTime(TIMEOUT);
        assertThat(session.nextOrderId()).isEqualTo(5000);
        assertThat(session.accounts()).containsExactly("DU1", "DU2");
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void heartbeatReturnsRoundTripAndServerTime() throws Exception {
        gateway(178);
        session = TwsSession.open(request(1));
        Duration rtt = session.currentTime(TIMEOUT);
        assertThat(rtt).isPositive().isLessThan(TIMEOUT);
        CurrentTime time = session.requestCurrentTime().get(5, TimeUnit.SECONDS);
        assertThat(time.serverTime().getEpochSecond()).isEqualTo(1_745_600_000L);
        assertThat(time.roundTrip()).isPositive();
    }

    @Test
    void heartbeatTimesOutOnAHalfOpenSocket() throws Exception {
        gateway(178);
        session = TwsSession.open(request(1));
        answerTime.set(false);
        Duration timeout = Duration.ofMillis(500);
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.currentTime(timeout))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("half-open");
        // Behaviour, not latency (that is the benchmark's): it waited its timeout, and did not hang.
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(ms).isBetween(450.0, GENEROUS_MILLIS);
        assertThat(session.isOpen())
                .as("the caller decides what a missed heartbeat means")
                .isTrue();
        assertThat(session.sinceLastMessage()).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        answerTime.set(true);
        assertThat(session.currentTime(TIMEOUT)).isPositive();
    }

    @Test
    void heartbeatTimesOutEvenWhenWritesAreBlocked() throws Exception {
        // A peer that stops reading: once the socket buffers are full every write blocks. The heartbeat must
        // still report its timeout on time instead of hanging in the write.
        server = new ScriptedServer(c -> {
            c.negotiate(178);
            c.ready("DU1", 1);
            Thread.sleep(30_000);
        });
        session = TwsSession.open(request(1));
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        String chunk = "x".repeat(64 * 1024);
        Thread flooder = new Thread(() -> {
            try {
                for (int i = 0; i < 4096; i++) {
                    session.send(12345, chunk);
                    sent.incrementAndGet();
                }
            } catch (IOException expected) {
                // the session closes at the end of the test
            }
        });
        flooder.setDaemon(true);
        flooder.start();
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
        await("the writes stall")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    long now = sent.get(); // unchanged over one poll interval: the writer is blocked
                    return seen.getAndSet(now) == now;
                });
        assertThat(sent.get()).as("the flood must have stalled, not finished").isLessThan(4096);
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.currentTime(Duration.ofMillis(500))).isInstanceOf(TimeoutException.class);
        // It times out although every write blocks (the peer's 30 s sleep would be a hang); latency is benchmarked.
        assertThat((System.nanoTime() - start) / 1e6).isBetween(450.0, GENEROUS_MILLIS);
        session.close();
        flooder.join(5000);
        assertThat(flooder.isAlive()).as("closing unblocks a stuck writer").isFalse();
    }

    @Test
    void gatewayCloseFiresSocketClosedOnceAndFailsPendingHeartbeats() throws Exception {
        gateway(178);
        Recorder recorder = new Recorder();
        session = TwsSession.open(request(1), recorder);
        answerTime.set(false);
        var pending = session.requestCurrentTime();
        assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
        gateway.get().socket.close();
        ConnectionEvent event = recorder.next();
        assertThat(event.type()).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
        assertThat(recorder.threads).containsExactly("tws-reader-1");
        assertThat(session.isOpen()).isFalse();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> session.currentTime(TIMEOUT)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> session.send(49, 1)).isInstanceOf(IOException.class);
        session.close();
        session.close();
        awaitReadersGone();
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void closeIsIdempotentAndLateListenersStillLearnOfIt() throws Exception {
        gateway(178);
        Recorder recorder = new Recorder();
        session = TwsSession.open(request(1), recorder);
        session.close();
        session.close();
        assertThat(recorder.next().type()).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
        awaitReadersGone(); // the reader saw its socket fail and ended; that must not have added an event
        assertThat(recorder.events).isEmpty();
        Recorder late = new Recorder();
        session.addListener(late);
        assertThat(late.next().type()).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
        assertThat(session.closedEvent().message()).contains("closed by the client");
    }

    @Test
    void malformedBytesGiveProtocolErrorThenClose() throws Exception {
        List<byte[]> garbage = List.of(
                new byte[] {(byte) 0x80, 0, 0, 0},
                new byte[] {0x7F, 0, 0, 0},
                Frames.encodeFields("x9", 1, 1),
                Frames.encodeFields(49, 1, "noon"),
                Frames.encodeFields(4, 2, -1),
                new byte[] {0, 0, 0, 50, '4', 0});
        for (byte[] bytes : garbage) {
            gateway(178);
            Recorder recorder = new Recorder();
            session = TwsSession.open(request(1), recorder);
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            ScriptedServer.Conn c = gateway.get();
            synchronized (c) {
                c.send(bytes);
                if (bytes.length == 6) {
                    c.socket.shutdownOutput(); // truncated: the frame never completes
                }
            }
            assertThat(recorder.next().type()).isEqualTo(ConnectionEvent.Type.PROTOCOL_ERROR);
            assertThat(recorder.next().type()).isEqualTo(ConnectionEvent.Type.SOCKET_CLOSED);
            assertThat(session.isOpen()).isFalse();
            server.close();
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        gateway(178);
        Recorder recorder = new Recorder();
        SessionListener broken = new SessionListener() {
            @Override
            public void onConnectionEvent(ConnectionEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        session = TwsSession.open(request(1), broken, recorder);
        send(4, 2, -1, 1100, "lost", "");
        assertThat(recorder.next().type()).isEqualTo(ConnectionEvent.Type.CONNECTIVITY_LOST);
        assertThat(session.currentTime(TIMEOUT)).isPositive();
    }
}
